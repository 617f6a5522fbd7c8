import { Gauge } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";
import type { ActiveUserCounts } from "./repo";

/** A scrape reads the count at most this old; counting again on every scrape would load the primary. */
const COUNT_MAX_AGE_MS = 15_000;

type CountSource = () => Promise<ActiveUserCounts>;

/** The latest count, refreshed on demand when older than the max age; one refresh at a time. */
export class CachedCount {
  private value: ActiveUserCounts | null = null;
  private takenAtMs = -Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly source: CountSource,
    private readonly maxAgeMs = COUNT_MAX_AGE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  async read(): Promise<ActiveUserCounts | null> {
    if (this.clock() - this.takenAtMs > this.maxAgeMs) {
      this.refreshing ??= this.source()
        .then((counts) => {
          this.value = counts;
          this.takenAtMs = this.clock();
        })
        // A failed count leaves the previous value (or none) on the gauge; a scrape never fails for it.
        .catch(() => {})
        .finally(() => (this.refreshing = null));
      await this.refreshing;
    }
    return this.value;
  }
}

/**
 * `active_users_total{timeframe}`, the name the guide and the issue give it. It is a gauge (a
 * count of distinct users, not a running total); promtool flags the `_total` suffix on a gauge,
 * an exception tests/prometheus.test.ts lists by name. Every instance reports the same
 * database-wide count, so the cluster aggregate takes the max rather than the sum.
 */
export function registerActiveUsersGauge(source: CountSource): Gauge<"timeframe"> {
  return processSingleton("metric.active-users", () => {
    const count = new CachedCount(source);
    return new Gauge({
      name: "active_users_total",
      help: "Distinct users active (an API request) within the timeframe, across tenants",
      labelNames: ["timeframe"] as const,
      registers: [metrics.registry],
      aggregator: "max",
      async collect() {
        const counts = await count.read();
        if (!counts) return;
        this.set({ timeframe: "5m" }, counts.last5m);
        this.set({ timeframe: "1h" }, counts.last1h);
        this.set({ timeframe: "24h" }, counts.last24h);
      },
    });
  });
}
