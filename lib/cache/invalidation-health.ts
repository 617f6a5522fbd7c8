import type { SubscriptionGap } from "./invalidation-bus";
import type { CacheMetrics } from "./metrics";

/** Deliveries kept for the diagnostics: at a few invalidations a second, minutes of them. */
const MAX_DELIVERIES = 1_024;
const MAX_GAPS = 20;

export type InvalidationDelivery = { atMs: number; lagMs: number };

/** A time the bus was cut off; repaired once L1 was cleared after resubscribing. */
export type InvalidationGap = { startedAtMs: number; endedAtMs: number | null; l1EntriesDropped: number | null };

export type InvalidationHealthSnapshot = {
  isSubscribed: boolean;
  /** Publish → applied lags of remote invalidations received since `sinceMs`, oldest first. */
  deliveries: InvalidationDelivery[];
  /** Recent gaps, newest first; an open one (endedAtMs null) while the bus is cut off now. */
  gaps: InvalidationGap[];
  gapsTotal: number;
  staleEntriesTotal: number;
};

/** What the invalidation bus went through, for `cache_invalidation_*` metrics and the diagnostics. */
export class InvalidationHealth {
  private readonly deliveries: InvalidationDelivery[] = [];
  private readonly gaps: InvalidationGap[] = [];
  private gapsTotal = 0;
  private staleEntriesTotal = 0;

  constructor(private readonly metrics: CacheMetrics) {}

  /**
   * Lag across instances compares two machines' clocks: skew adds to it (or, negative, is clamped
   * to 0), so a lag that stays high on one instance only points at its clock as well as its bus.
   */
  recordDelivery(atMs: number, publishedAtMs: number): void {
    const lagMs = Math.max(0, atMs - publishedAtMs);
    this.deliveries.push({ atMs, lagMs });
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries.shift();
    this.metrics.invalidationDelivery.observe(lagMs / 1_000);
  }

  recordRepairedGap(gap: SubscriptionGap, l1EntriesDropped: number): void {
    this.gaps.unshift({ ...gap, l1EntriesDropped });
    this.gaps.length = Math.min(this.gaps.length, MAX_GAPS);
    this.gapsTotal += 1;
    this.metrics.invalidationGaps.inc();
  }

  recordStaleEntries(count: number): void {
    if (count === 0) return;
    this.staleEntriesTotal += count;
    this.metrics.staleReads.inc(count);
  }

  snapshot(sinceMs: number, lostSinceMs: number | null): InvalidationHealthSnapshot {
    const open: InvalidationGap[] = lostSinceMs === null ? [] : [{ startedAtMs: lostSinceMs, endedAtMs: null, l1EntriesDropped: null }];
    return {
      isSubscribed: lostSinceMs === null,
      deliveries: this.deliveries.filter((delivery) => delivery.atMs > sinceMs),
      gaps: [...open, ...this.gaps],
      gapsTotal: this.gapsTotal,
      staleEntriesTotal: this.staleEntriesTotal,
    };
  }
}
