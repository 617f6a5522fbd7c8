import { SingleFlight } from "@/lib/cache/single-flight";

/**
 * One value, loaded at most once at a time and kept for `ttlMs`: callers arriving while a load
 * runs share it (the cache's SingleFlight), callers within `ttlMs` of its start get its value,
 * and a failed load is not kept (the next caller tries again).
 */
export class SingleFlightCache<T> {
  private cached: { value: T; loadedAtMs: number } | undefined;
  private readonly flight = new SingleFlight<T>();

  constructor(
    private readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get(load: () => Promise<T>): Promise<T> {
    if (this.cached && this.nowMs() - this.cached.loadedAtMs < this.ttlMs) return Promise.resolve(this.cached.value);
    return this.flight.run("value", async () => {
      // Timed from the start: the value describes the state when the load began.
      const startedAtMs = this.nowMs();
      const value = await load();
      this.cached = { value, loadedAtMs: startedAtMs };
      return value;
    });
  }
}
