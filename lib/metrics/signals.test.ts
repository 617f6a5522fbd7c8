import { describe, expect, test } from "vitest";
import { computeSignals, thresholdState } from "./signals";
import type { MetricsSnapshot } from "./snapshot";

function snapshot(overrides: Partial<MetricsSnapshot>): MetricsSnapshot {
  return {
    atMs: 0,
    cpuSeconds: 0,
    rssBytes: 100,
    memoryLimitBytes: 1000,
    cores: 2,
    eventLoopLagP99Seconds: 0.01,
    http: { requests: 0, serverErrors: 0, buckets: [] },
    gauges: {},
    counters: {},
    ...overrides,
  };
}

const value = (values: ReturnType<typeof computeSignals>, series: string) => values.find((entry) => entry.series === series)?.value;

describe("computeSignals", () => {
  const previous = snapshot({ atMs: 0, cpuSeconds: 10, http: { requests: 100, serverErrors: 1, buckets: [{ le: 0.1, count: 100 }, { le: Infinity, count: 100 }] } });
  const current = snapshot({
    atMs: 15_000,
    cpuSeconds: 25,
    rssBytes: 850,
    http: { requests: 400, serverErrors: 4, buckets: [{ le: 0.1, count: 100 }, { le: Infinity, count: 400 }] },
    gauges: { db_pool_utilization_ratio: [{ labels: { pool: "write", target: "primary" }, value: 0.25 }], db_replica_lag_seconds: [{ labels: { replica: "replica1" }, value: 3 }] },
    counters: { cache_requests_total: [{ labels: { level: "l1", result: "hit" }, value: 90 }, { labels: { level: "l1", result: "miss" }, value: 10 }] },
  });
  const values = computeSignals(previous, current);

  test("request rate is the count's increase per second", () => expect(value(values, "http_request_rate")).toBe(20));
  test("error ratio counts only 5xx answers of the interval", () => expect(value(values, "http_error_ratio")).toBeCloseTo(0.01));
  test("latency quantiles come from the interval's buckets, not the lifetime's", () => expect(value(values, "http_latency_p50")).toBe(0.1));
  test("CPU is process seconds per wall second per core", () => expect(value(values, "cpu_utilization")).toBe(0.5));
  test("memory is resident size over the limit", () => expect(value(values, "memory_utilization")).toBe(0.85));
  test("pool and replica gauges become one series each", () => {
    expect(value(values, "db_pool_utilization:write/primary")).toBe(0.25);
    expect(value(values, "db_replica_lag_seconds:replica1")).toBe(3);
  });
  test("cache hit ratio per level", () => expect(value(values, "cache_hit_ratio:l1")).toBe(0.9));
  test("no requests in the interval means no error ratio or latency", () => {
    const idle = computeSignals(current, { ...current, atMs: 30_000 });
    expect(value(idle, "http_error_ratio")).toBeUndefined();
    expect(value(idle, "http_latency_p95")).toBeUndefined();
    expect(value(idle, "http_request_rate")).toBe(0);
  });
  test("workflow queue: global gauges take the max across instances, finished/failed/retried are rates", () => {
    const queueGauges = (depth: number) => ({
      agency_workflow_queue_depth: [{ labels: {}, value: depth }, { labels: {}, value: depth - 1 }],
      agency_workflow_oldest_waiting_age_seconds: [{ labels: {}, value: 12 }],
      agency_workflow_running: [{ labels: {}, value: 40 }],
      agency_workflow_running_limit: [{ labels: {}, value: 100 }],
    });
    const before = snapshot({
      atMs: 0,
      gauges: queueGauges(7),
      counters: { workflow_executions_total: [{ labels: { status: "succeeded", workflow_type: "delay" }, value: 100 }, { labels: { status: "failed", workflow_type: "fail" }, value: 10 }], agency_workflow_step_retries_total: [{ labels: { type: "fail" }, value: 5 }] },
    });
    const after = snapshot({
      atMs: 10_000,
      gauges: queueGauges(8),
      counters: { workflow_executions_total: [{ labels: { status: "succeeded", workflow_type: "delay" }, value: 150 }, { labels: { status: "failed", workflow_type: "fail" }, value: 20 }], agency_workflow_step_retries_total: [{ labels: { type: "fail" }, value: 35 }] },
    });
    const queue = computeSignals(before, after);
    expect([value(queue, "queue_depth"), value(queue, "workflow_oldest_waiting_seconds"), value(queue, "workflow_running"), value(queue, "workflow_running_limit")]).toEqual([8, 12, 40, 100]);
    expect([value(queue, "workflow_throughput"), value(queue, "workflow_failure_rate"), value(queue, "workflow_retry_rate")]).toEqual([6, 1, 3]);
    expect(value(values, "workflow_throughput")).toBeUndefined();
  });
});

describe("thresholdState", () => {
  const threshold = { op: ">" as const, value: 0.8, source: "test" };
  test.each([
    [null, "no-data"],
    [0.719, "ok"],
    [0.721, "warning"],
    [0.8, "warning"],
    [0.8001, "critical"],
  ] as const)("%s against 0.8 → %s", (input, expected) => expect(thresholdState(input, threshold)).toBe(expected));
});
