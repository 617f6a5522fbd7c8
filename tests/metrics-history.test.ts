import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { postgresHistory, rollUpAndPrune, writeSamples } from "@/lib/metrics/history/postgres-store";
import { MetricsSampler } from "@/lib/metrics/sampler";
import { metrics } from "@/lib/metrics/registry";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "history");
});
afterAll(async () => scratch?.drop());

const MINUTE = 60_000;

describe("embedded metric history", () => {
  test("the sampler turns recorded requests into a request-rate sample", async () => {
    const sampler = new MetricsSampler(scratch.prisma, 15_000);
    const start = new Date("2026-11-27T12:00:00.000Z");
    await sampler.tick(start);
    for (let i = 0; i < 30; i++) metrics.httpRequestDuration.observe({ method: "GET", route: "/api/test", status: "200" }, 0.05);
    await sampler.tick(new Date(start.getTime() + 15_000));

    const rows = await scratch.prisma.metricSample.findMany({ where: { series: "http_request_rate" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value).toBeCloseTo(2, 5); // 30 requests in 15 s
    expect(await scratch.prisma.metricSample.count({ where: { series: "http_latency_p95" } })).toBe(1);
  });

  test("rolls samples into 5-minute buckets and prunes past retention", async () => {
    const now = new Date("2026-11-27T12:00:00.000Z");
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
    await writeSamples(scratch.prisma, at(25 * 60), [{ series: "cpu_utilization", value: 0.9 }]);
    await writeSamples(scratch.prisma, at(14), [{ series: "cpu_utilization", value: 0.2 }]);
    await writeSamples(scratch.prisma, at(13), [{ series: "cpu_utilization", value: 0.4 }]);
    await scratch.prisma.metricRollup.create({ data: { series: "cpu_utilization", bucket: at(8 * 24 * 60), avg: 1, min: 1, max: 1, count: 1 } });

    const result = await rollUpAndPrune(scratch.prisma, now);

    expect(result.prunedSamples).toBe(1);
    expect(result.prunedRollups).toBe(1);
    const bucket = await scratch.prisma.metricRollup.findUniqueOrThrow({ where: { series_bucket: { series: "cpu_utilization", bucket: at(15) } } });
    expect(bucket).toMatchObject({ avg: expect.closeTo(0.3, 5), min: 0.2, max: 0.4, count: 2 });
  });

  test("history averages samples per step, per series, oldest first", async () => {
    const base = Date.now() - 10 * MINUTE;
    const aligned = base - (base % 60_000);
    for (const [offsetSeconds, value] of [[0, 1], [15, 3], [60, 10]] as const) {
      await writeSamples(scratch.prisma, new Date(aligned + offsetSeconds * 1000), [
        { series: "db_replica_lag_seconds:replica1", value },
        { series: "db_replica_lag_seconds:replica2", value: value * 2 },
      ]);
    }
    const source = postgresHistory((query) => query(scratch.prisma));

    const series = await source.range({ signals: ["db_replica_lag_seconds"], fromMs: aligned - 1, toMs: aligned + 120_000, stepSeconds: 60 });

    expect(series.map((entry) => entry.series).sort()).toEqual(["db_replica_lag_seconds:replica1", "db_replica_lag_seconds:replica2"]);
    expect(series.find((entry) => entry.series.endsWith("replica1"))!.points).toEqual([
      [aligned, 2],
      [aligned + 60_000, 10],
    ]);
  });
});
