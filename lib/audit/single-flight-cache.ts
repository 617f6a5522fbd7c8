/**
 * One value, loaded at most once at a time and kept for `ttlMs`: callers arriving while a load
 * runs share it, callers within `ttlMs` of its start get its value, and a failed load is not
 * kept (the next caller tries again).
 */
export class SingleFlightCache<T> {
  private cached: { value: T; loadedAtMs: number } | undefined;
  private inFlight: Promise<T> | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get(load: () => Promise<T>): Promise<T> {
    if (this.cached && this.nowMs() - this.cached.loadedAtMs < this.ttlMs) return Promise.resolve(this.cached.value);
    if (!this.inFlight) {
      // Timed from the start: the value describes the state when the load began.
      const startedAtMs = this.nowMs();
      this.inFlight = load()
        .then((value) => {
          this.cached = { value, loadedAtMs: startedAtMs };
          return value;
        })
        .finally(() => (this.inFlight = undefined));
    }
    return this.inFlight;
  }
}
