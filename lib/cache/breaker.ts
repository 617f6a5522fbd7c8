export type BreakerState = "closed" | "open" | "half-open";

export type BreakerOptions = {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** Time spent open before a single probe is let through. */
  cooldownMs: number;
  now: () => number;
  /** Called on every transition, e.g. to log it or to replay work once Redis is back. */
  onStateChange?: (state: BreakerState) => void;
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
      this.isProbeInFlight = false;
      this.moveTo("half-open");
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
    this.consecutiveFailures = 0;
    this.isProbeInFlight = false;
    this.moveTo("closed");
  }

  recordFailure(): void {
    const state = this.state();
    if (state === "open") return;
    this.consecutiveFailures += 1;
    if (state === "half-open" || this.consecutiveFailures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.openedAtMs = this.options.now();
    this.isProbeInFlight = false;
    this.moveTo("open");
  }

  private moveTo(state: BreakerState): void {
    if (this.current === state) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
