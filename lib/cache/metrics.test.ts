import { describe, expect, test } from "vitest";
import { metrics } from "@/lib/metrics/registry";
import { cacheMetrics } from "./metrics";

async function valueOf(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  const { values } = await metric!.get();
  return values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label))?.value;
}

describe("cache metrics", () => {
  test("counts lookups by level and result, handed over at scrape time", async () => {
    const cache = cacheMetrics();
    const before = (await valueOf("cache_requests_total", { level: "l2", result: "miss" })) ?? 0;
    cache.recordLookup("l2", false);
    cache.recordLookup("l2", false);
    expect(await valueOf("cache_requests_total", { level: "l2", result: "miss" })).toBe(before + 2);
    expect(await valueOf("cache_requests_total", { level: "l2", result: "miss" })).toBe(before + 2);
  });

  test("reports the hit ratio since the previous scrape, and keeps it when there was no traffic", async () => {
    const cache = cacheMetrics();
    await valueOf("cache_hit_ratio", { level: "l1" });
    for (const isHit of [true, true, true, false]) cache.recordLookup("l1", isHit);
    expect(await valueOf("cache_hit_ratio", { level: "l1" })).toBe(0.75);
    expect(await valueOf("cache_hit_ratio", { level: "l1" })).toBe(0.75);
    cache.recordLookup("l1", false);
    expect(await valueOf("cache_hit_ratio", { level: "l1" })).toBe(0);
  });

  test("registers every cache metric once per process", () => {
    expect(cacheMetrics()).toBe(cacheMetrics());
    const names = metrics.registry.getMetricsAsArray().map((metric) => metric.name).filter((name) => name.startsWith("cache_"));
    expect(names.sort()).toEqual([
      "cache_breaker_state",
      "cache_hit_ratio",
      "cache_invalidation_delivery_seconds",
      "cache_invalidation_gaps_total",
      "cache_invalidation_publish_failures_total",
      "cache_invalidations_total",
      "cache_l1_entries",
      "cache_l1_evictions_total",
      "cache_l2_duration_seconds",
      "cache_loader_duration_seconds",
      "cache_requests_total",
      "cache_stale_reads_total",
      "cache_stampede_waits_total",
    ]);
  });
});
