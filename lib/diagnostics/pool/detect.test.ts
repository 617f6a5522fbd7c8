import { describe, expect, test } from "vitest";
import { detectPoolExhaustion, POOL_THRESHOLDS, type PoolReading, type PoolSample, type ServerConnections } from "./detect";

const reading = (overrides: Partial<PoolReading> = {}): PoolReading => ({ pool: "write", target: "primary", total: 10, idle: 10, waiting: 0, max: 10, acquireFailuresTotal: 0, ...overrides });
const sample = (atMs: number, pool: Partial<PoolReading> = {}, extra: Partial<PoolSample> = {}): PoolSample => ({ atMs, pools: [reading(pool)], tooManyConnectionsTotal: 0, server: null, ...extra });
const server = (inUse: number, idleSeconds = 0): ServerConnections => ({
  maxConnections: 105,
  reservedConnections: 5,
  inUse,
  groups: [],
  idleInTransaction: idleSeconds > 0 ? [{ pid: 42, applicationName: "psql", idleSeconds, transactionAgeSeconds: idleSeconds, query: "select 1" }] : [],
});

describe("detectPoolExhaustion", () => {
  test.each([
    ["7 of 10 in use (below 80 %)", { idle: 3 }, "ok"],
    ["8 of 10 in use (at 80 %)", { idle: 2 }, "warning"],
    ["9 of 10 in use (above 80 %)", { idle: 1 }, "warning"],
    ["all in use, nobody waiting", { idle: 0 }, "warning"],
    ["all in use and one waiting", { idle: 0, waiting: 1 }, "critical"],
    ["one waiting with a free slot", { idle: 0, total: 9, waiting: 1 }, "warning"],
  ] as const)("%s → %s", (_name, pool, expected) => {
    expect(detectPoolExhaustion([sample(0), sample(5_000, pool)]).state).toBe(expected);
  });

  test.each([
    [9_999, "warning"],
    [10_000, "critical"],
    [10_001, "critical"],
  ] as const)("clients waiting for %i ms (sustain 10 s) → %s", (waitedMs, expected) => {
    const waiting = { idle: 0, total: 9, waiting: 2 };
    expect(detectPoolExhaustion([sample(0), sample(1, waiting), sample(1 + waitedMs, waiting)]).state).toBe(expected);
  });

  test.each([
    [0, "ok"],
    [1, "critical"],
  ] as const)("%i new acquire failures since the previous sample → %s", (failures, expected) => {
    const result = detectPoolExhaustion([sample(0, { acquireFailuresTotal: 4 }), sample(5_000, { acquireFailuresTotal: 4 + failures })]);
    expect(result.state).toBe(expected);
    expect(result.evidence.pools[0]!.acquireFailuresInWindow).toBe(failures);
  });

  test("counts 53300 errors only when they grew since the previous sample", () => {
    expect(detectPoolExhaustion([sample(0, {}, { tooManyConnectionsTotal: 3 }), sample(5_000, {}, { tooManyConnectionsTotal: 3 })]).state).toBe("ok");
    expect(detectPoolExhaustion([sample(0, {}, { tooManyConnectionsTotal: 3 }), sample(5_000, {}, { tooManyConnectionsTotal: 4 })]).state).toBe("critical");
  });

  test.each([
    [79, "ok"],
    [80, "warning"],
    [94, "warning"],
    [95, "critical"],
    [96, "critical"],
  ] as const)("%i of 100 usable server connections → %s", (inUse, expected) => {
    expect(detectPoolExhaustion([sample(0, {}, { server: server(inUse) })]).state).toBe(expected);
  });

  test.each([
    [29, "ok"],
    [30, "warning"],
    [31, "warning"],
  ] as const)("a session idle in transaction for %i s → %s", (idleSeconds, expected) => {
    const result = detectPoolExhaustion([sample(0, {}, { server: server(10, idleSeconds) })], POOL_THRESHOLDS);
    expect(result.state).toBe(expected);
  });

  test("reports since when clients wait and charts waiting clients per sample", () => {
    const waiting = { idle: 0, total: 9, waiting: 2 };
    const result = detectPoolExhaustion([sample(0), sample(5_000, waiting), sample(10_000, waiting)]);
    expect(result.evidence.pools[0]!.waitingSinceMs).toBe(5_000);
    expect(result.evidence.waitingSeries).toEqual([[0, 0], [5_000, 2], [10_000, 2]]);
  });

  test("is ok with no samples yet", () => {
    expect(detectPoolExhaustion([]).state).toBe("ok");
  });
});
