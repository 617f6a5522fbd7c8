import type { Invalidation } from "./invalidation-bus";

/** Enough for a long outage of ordinary writes; beyond it we keep the oldest and report the loss. */
const MAX_PENDING = 10_000;

/**
 * Invalidations that could not reach Redis (down, or breaker open). L1 copies were dropped at
 * once, but L2 and the other instances still hold the old values, so each is re-applied when
 * Redis is usable again. Kept in memory only: a process that dies meanwhile loses them, and the
 * entries' TTLs are then the bound on staleness.
 */
export class PendingInvalidations {
  private readonly pending = new Map<string, Invalidation>();
  private isFlushing = false;

  constructor(private readonly onOverflow: (dropped: Invalidation) => void) {}

  get size(): number {
    return this.pending.size;
  }

  add(invalidation: Invalidation): void {
    const id = JSON.stringify(invalidation);
    if (this.pending.has(id)) return;
    if (this.pending.size >= MAX_PENDING) return this.onOverflow(invalidation);
    this.pending.set(id, invalidation);
  }

  /** Re-applies every pending invalidation once; `apply` returns false to keep one for later. */
  async flush(apply: (invalidation: Invalidation) => Promise<boolean>): Promise<void> {
    if (this.isFlushing || this.pending.size === 0) return;
    this.isFlushing = true;
    try {
      for (const [id, invalidation] of [...this.pending]) {
        if (!(await apply(invalidation))) return;
        this.pending.delete(id);
      }
    } finally {
      this.isFlushing = false;
    }
  }
}
