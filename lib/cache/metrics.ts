import { Counter, Gauge, Histogram } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";
import type { BreakerState } from "./breaker";

export type CacheLevel = "l1" | "l2";

/** What a live cache instance reports at scrape time (point-in-time gauges are set in collect()). */
export type CacheGaugeSource = { l1Entries(): number; breakerState(): BreakerState };

/**
 * `cache_breaker_state` values, by severity, so "max" is the worst state: across the caches of
 * one process (tests, benchmarks) and across the instances of a node:cluster supervisor.
 */
const BREAKER_STATE_VALUES: Record<BreakerState, number> = { closed: 0, "half-open": 1, open: 2 };

const LEVELS = ["l1", "l2"] as const;

/** Running hit/miss totals of one level, read by two collectors that each track their own progress. */
class LookupCount {
  private hits = 0;
  private misses = 0;
  private reported = { hits: 0, misses: 0 };
  private ratioBase = { hits: 0, misses: 0 };

  record(isHit: boolean): void {
    if (isHit) this.hits += 1;
    else this.misses += 1;
  }

  takeUnreported(): { hits: number; misses: number } {
    const delta = { hits: this.hits - this.reported.hits, misses: this.misses - this.reported.misses };
    this.reported = { hits: this.hits, misses: this.misses };
    return delta;
  }

  takeHitRatioSinceLastRead(): number | null {
    const hits = this.hits - this.ratioBase.hits;
    const total = hits + this.misses - this.ratioBase.misses;
    this.ratioBase = { hits: this.hits, misses: this.misses };
    return total > 0 ? hits / total : null;
  }
}

function createCacheMetrics() {
  const registers = [metrics.registry];
  const sources = new Set<CacheGaugeSource>();
  // Lookups are counted in plain numbers and handed to prom-client at scrape time: its label
  // handling costs ~250 ns per increment, more than half of an L1 hit.
  const lookups = { l1: new LookupCount(), l2: new LookupCount() };
  new Counter({
    name: "cache_requests_total",
    help: "Cache lookups by level (l1, l2) and result (hit, miss)",
    labelNames: ["level", "result"] as const,
    registers,
    collect() {
      for (const level of LEVELS) {
        const { hits, misses } = lookups[level].takeUnreported();
        if (hits > 0) this.inc({ level, result: "hit" }, hits);
        if (misses > 0) this.inc({ level, result: "miss" }, misses);
      }
    },
  });
  new Gauge({
    name: "cache_hit_ratio",
    help: "Hit ratio (0-1) per cache level since the previous scrape (unchanged when there were no lookups)",
    labelNames: ["level"] as const,
    registers,
    aggregator: "average",
    collect() {
      for (const level of LEVELS) {
        const hitRatio = lookups[level].takeHitRatioSinceLastRead();
        if (hitRatio !== null) this.set({ level }, hitRatio);
      }
    },
  });
  new Gauge({
    name: "cache_l1_entries",
    help: "Entries held in the in-process (L1) cache",
    registers,
    collect() {
      this.set([...sources].reduce((sum, source) => sum + source.l1Entries(), 0));
    },
  });
  new Gauge({
    name: "cache_breaker_state",
    help: "Redis circuit breaker of the cache: 0 closed, 1 half-open (probing), 2 open (serving L1 + loader only)",
    registers,
    aggregator: "max",
    collect() {
      this.set(Math.max(0, ...[...sources].map((source) => BREAKER_STATE_VALUES[source.breakerState()])));
    },
  });
  return {
    sources,
    recordLookup(level: CacheLevel, isHit: boolean): void {
      lookups[level].record(isHit);
    },
    l1Evictions: new Counter({ name: "cache_l1_evictions_total", help: "L1 entries evicted to stay within the size bound", registers }),
    l2Duration: new Histogram({
      name: "cache_l2_duration_seconds",
      help: "Duration of cache operations against Redis (L2), by operation and outcome",
      labelNames: ["operation", "outcome"] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    }),
    loaderDuration: new Histogram({
      name: "cache_loader_duration_seconds",
      help: "Duration of loader calls on a cache miss, by result (found, not_found, error)",
      labelNames: ["result"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    stampedeWaits: new Counter({
      name: "cache_stampede_waits_total",
      help: "Misses that waited for another instance's fill instead of loading, by outcome (filled, gave_up)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    invalidations: new Counter({
      name: "cache_invalidations_total",
      help: "Invalidations by kind (key, tag, pattern) and origin (local, remote)",
      labelNames: ["kind", "origin"] as const,
      registers,
    }),
    invalidationDelivery: new Histogram({
      name: "cache_invalidation_delivery_seconds",
      help: "Publish-to-applied lag of invalidations received from other instances (includes clock skew between them)",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    invalidationGaps: new Counter({
      name: "cache_invalidation_gaps_total",
      help: "Times the invalidation subscription came back after being cut off (L1 was cleared: messages may have been missed)",
      registers,
    }),
    invalidationPublishFailures: new Counter({
      name: "cache_invalidation_publish_failures_total",
      help: "Invalidations this instance could not send to the others over PostgreSQL NOTIFY (primary down or busy)",
      registers,
    }),
    staleReads: new Counter({
      name: "cache_stale_reads_total",
      help: "Sampled L1 entries that differed from their L2 copy (each would have served a stale read; dropped when found)",
      registers,
    }),
  };
}

export type CacheMetrics = ReturnType<typeof createCacheMetrics>;

export function cacheMetrics(): CacheMetrics {
  return processSingleton("cache-metrics", createCacheMetrics);
}
