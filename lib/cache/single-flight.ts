/**
 * At most one call of `work` per key at a time in this process: concurrent callers for the same
 * key share the first caller's promise (value or error). Nothing is remembered once it settles.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const flight = work().finally(() => {
      // A newer flight may have replaced this one after forget(); leave that one alone.
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    });
    this.inFlight.set(key, flight);
    return flight;
  }

  /** Forget a flight so later callers start a fresh one (its value is stale after an invalidation). */
  forget(key: string): void {
    this.inFlight.delete(key);
  }
}
