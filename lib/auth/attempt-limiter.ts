/**
 * Counts failed attempts per key in fixed windows. Bounded: past `maxKeys` the oldest key is
 * forgotten, so a flood of made-up keys cannot grow memory without limit.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const window = this.currentWindow(key);
    if (!window || window.failures < this.maxAttempts) return 0;
    return Math.ceil((window.resetAt - this.now()) / 1000);
  }

  recordFailure(key: string): void {
    const window = this.currentWindow(key);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(key, { failures: 1, resetAt: this.now() + this.windowMs });
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private currentWindow(key: string) {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
