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
