/**
 * Counts work running at once and makes the rest wait in arrival order (never refuses it).
 * Remembers the highest count it has seen, so tests and metrics can show the bound held.
 */
export class Semaphore {
  private runningCount = 0;
  private maxObserved = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get running(): number {
    return this.runningCount;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  get maxObservedRunning(): number {
    return this.maxObserved;
  }

  /** Resolves with a release function once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.runningCount >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.runningCount += 1;
    return this.holdSlot();
  }

  /** A slot now if one is free (and nobody is queued for it), else null. */
  tryAcquire(): (() => void) | null {
    if (this.runningCount >= this.limit || this.waiters.length > 0) return null;
    this.runningCount += 1;
    return this.holdSlot();
  }

  private holdSlot(): () => void {
    this.maxObserved = Math.max(this.maxObserved, this.runningCount);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const next = this.waiters.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.runningCount -= 1;
    };
  }
}
