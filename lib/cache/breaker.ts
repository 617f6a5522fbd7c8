export type BreakerState = "closed" | "open" | "half-open";

export type BreakerOptions = {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** Time spent open before a single probe is let through. */
  cooldownMs: number;
  now: () => number;
};

/**
 * closed → (failureThreshold consecutive failures) → open → (cooldownMs) → half-open, where exactly
 * one caller probes: success closes, failure re-opens for another cool-down. Pure state machine:
 * callers ask `tryAcquire()` before a call and report its outcome.
 */
export class CircuitBreaker {
  private current: BreakerState = "closed";
  private consecutiveFailures = 0;
  private openedAtMs = 0;
  private isProbeInFlight = false;

  constructor(private readonly options: BreakerOptions) {}

  state(): BreakerState {
    if (this.current === "open" && this.options.now() - this.openedAtMs >= this.options.cooldownMs) {
      this.current = "half-open";
      this.isProbeInFlight = false;
    }
    return this.current;
  }

  /** Whether a call may go ahead now; in half-open, only the first caller gets to probe. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === "closed") return true;
    if (state === "open" || this.isProbeInFlight) return false;
    this.isProbeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.current = "closed";
    this.consecutiveFailures = 0;
    this.isProbeInFlight = false;
  }

  recordFailure(): void {
    const state = this.state();
    if (state === "open") return;
    this.consecutiveFailures += 1;
    if (state === "half-open" || this.consecutiveFailures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.current = "open";
    this.openedAtMs = this.options.now();
    this.isProbeInFlight = false;
  }
}
