import { describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import { recommendReplicas, type History } from "./recommend-replicas";

const requests = { cpuMilliPerInstance: 1000, memoryBytesPerInstance: 512 * 2 ** 20 };
const policy = { ...DEFAULT_HPA_POLICY, minReplicas: 1, maxReplicas: 4 };
const noHistory: History = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
const lowMemory = 100 * 2 ** 20;

describe("recommendReplicas", () => {
  test("CPU over the target adds instances and says why", () => {
    const result = recommendReplicas({ currentReplicas: 1, usage: { cpuMilli: 950, memoryBytes: lowMemory }, requests, policy, history: noHistory });
    expect(result.metricsReplicas).toBe(2);
    expect(result.desiredReplicas).toBe(2);
    expect(result.cpuUtilizationPercent).toBe(95);
    expect(result.reason).toMatch(/^CPU 95 % vs target 70 % → 2 \(memory 19 % vs 80 %\)$/);
  });

  test("within the 10 % tolerance nothing changes", () => {
    const result = recommendReplicas({ currentReplicas: 2, usage: { cpuMilli: 1500, memoryBytes: lowMemory }, requests, policy, history: noHistory });
    expect(result.desiredReplicas).toBe(2);
  });

  test("the maximum caps a large recommendation and the reason names it", () => {
    const result = recommendReplicas({ currentReplicas: 2, usage: { cpuMilli: 4000, memoryBytes: lowMemory }, requests, policy, history: noHistory });
    expect(result.metricsReplicas).toBe(6);
    expect(result.desiredReplicas).toBe(4);
    expect(result.reason).toContain("maximum 4");
  });

  test("a scale-down waits for the stabilization window's highest recommendation", () => {
    const history: History = { ...noHistory, recommendations: [{ ageSeconds: 120, replicas: 3 }] };
    const result = recommendReplicas({ currentReplicas: 3, usage: { cpuMilli: 100, memoryBytes: lowMemory }, requests, policy, history });
    expect(result.metricsReplicas).toBe(1);
    expect(result.desiredReplicas).toBe(3);
    expect(result.reason).toContain("stabilization");
  });

  test("after the window the count falls, limited to 50 % per minute", () => {
    const history: History = { ...noHistory, recommendations: [{ ageSeconds: 301, replicas: 4 }] };
    const result = recommendReplicas({ currentReplicas: 4, usage: { cpuMilli: 100, memoryBytes: lowMemory }, requests, policy, history });
    expect(result.desiredReplicas).toBe(2);
  });

  test("memory over its target scales too (the larger proposal wins)", () => {
    const result = recommendReplicas({ currentReplicas: 1, usage: { cpuMilli: 10, memoryBytes: 500 * 2 ** 20 }, requests, policy, history: noHistory });
    expect(result.desiredReplicas).toBe(2);
    expect(result.reason).toMatch(/^memory 97 % vs target 80 % → 2/);
  });
});

describe("recommendReplicas with the guide's triggers", () => {
  const targets = { dbPoolUtilizationPercent: 80, p95LatencySeconds: 2 };
  const quietUsage = { cpuMilli: 300, memoryBytes: lowMemory };
  const calm = { dbPool: { name: "write/primary", utilizationRatio: 0.3 }, p95LatencySeconds: 0.2 };
  const recommend = (currentReplicas: number, readings: { dbPool: { name: string; utilizationRatio: number } | null; p95LatencySeconds: number | null }) =>
    recommendReplicas({ currentReplicas, usage: { cpuMilli: quietUsage.cpuMilli * currentReplicas, memoryBytes: lowMemory * currentReplicas }, requests, policy: { ...policy, minReplicas: 1, maxReplicas: 10 }, history: noHistory, triggers: { readings, targets } });

  test("quiet CPU, memory, pool and latency ask for fewer instances, as the HPA would", () => {
    const result = recommend(2, calm);
    expect(result.metricsReplicas).toBe(1);
    expect(result.proposals.map((proposal) => proposal.name)).toEqual(["CPU", "memory", "DB pool (write/primary)", "p95 latency"]);
  });

  test("the pool over 80 % alone scales up: ceil(2 × 95 / 80) = 3, and the reason names the pool", () => {
    const result = recommend(2, { ...calm, dbPool: { name: "write/primary", utilizationRatio: 0.95 } });
    expect(result.metricsReplicas).toBe(3);
    expect(result.desiredReplicas).toBe(3);
    expect(result.drivingMetric).toBe("DB pool (write/primary)");
    expect(result.reason).toMatch(/^DB pool \(write\/primary\) 95 % vs target 80 % → 3 \(CPU 30 % vs 70 %, memory 19 % vs 80 %, p95 latency 0.2 s vs 2 s\)$/);
  });

  test("the pool just above 80 % stays within the HPA's 10 % tolerance; at a ratio of 1.1 it scales (float rounding, as Kubernetes)", () => {
    expect(recommend(2, { ...calm, dbPool: { name: "write/primary", utilizationRatio: 0.87 } }).proposals[2]!.replicas).toBe(2);
    expect(recommend(2, { ...calm, dbPool: { name: "write/primary", utilizationRatio: 0.88 } }).proposals[2]!.replicas).toBe(3);
  });

  test("p95 over 2 s alone scales up: ceil(2 × 3 / 2) = 3, and the reason names the latency", () => {
    const result = recommend(2, { ...calm, p95LatencySeconds: 3 });
    expect(result.metricsReplicas).toBe(3);
    expect(result.drivingMetric).toBe("p95 latency");
    expect(result.reason).toMatch(/^p95 latency 3 s vs target 2 s → 3 /);
  });

  test("both triggers together: the larger proposal wins (max over metrics)", () => {
    const result = recommend(2, { dbPool: { name: "write/primary", utilizationRatio: 0.95 }, p95LatencySeconds: 5 });
    expect(result.proposals.find((proposal) => proposal.name === "p95 latency")?.replicas).toBe(5);
    expect(result.proposals.find((proposal) => proposal.name.startsWith("DB pool"))?.replicas).toBe(3);
    expect(result.metricsReplicas).toBe(5);
    expect(result.drivingMetric).toBe("p95 latency");
  });

  test("each trigger has its own target: 95 % scales against 80 % but is within tolerance of 90 %", () => {
    const readings = { ...calm, dbPool: { name: "write/primary", utilizationRatio: 0.95 } };
    const at90 = recommendReplicas({ currentReplicas: 2, usage: { cpuMilli: 600, memoryBytes: lowMemory * 2 }, requests, policy, history: noHistory, triggers: { readings, targets: { ...targets, dbPoolUtilizationPercent: 90 } } });
    expect(at90.proposals[2]).toMatchObject({ target: "90 %", replicas: 2 });
    expect(recommend(2, readings).proposals[2]).toMatchObject({ target: "80 %", replicas: 3 });
  });

  test("CPU over its target still drives when the triggers are calm", () => {
    const result = recommendReplicas({ currentReplicas: 2, usage: { cpuMilli: 2000, memoryBytes: lowMemory * 2 }, requests, policy: { ...policy, maxReplicas: 10 }, history: noHistory, triggers: { readings: calm, targets } });
    expect(result.drivingMetric).toBe("CPU");
    expect(result.metricsReplicas).toBe(3);
  });

  test("a trigger with nothing to measure (no requests, no pool) is left out", () => {
    const result = recommend(2, { dbPool: null, p95LatencySeconds: null });
    expect(result.proposals.map((proposal) => proposal.name)).toEqual(["CPU", "memory"]);
  });
});
