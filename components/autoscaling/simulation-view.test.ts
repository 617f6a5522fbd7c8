import { describe, expect, test } from "vitest";
import type { AutoscalingHistoryResponse } from "@/lib/autoscaling/schemas";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import { findRuleDisagreements } from "./rule-disagreement";
import { buildSimulationView } from "./simulation-view";

const requests = { cpuMilliPerInstance: 1000, memoryBytesPerInstance: 512 * 2 ** 20 };

function history(cpuMilli: (index: number) => number, length: number): AutoscalingHistoryResponse {
  return {
    range: "1h",
    from: new Date(0).toISOString(),
    to: new Date(length * 15_000).toISOString(),
    stepSeconds: 15,
    requests,
    points: Array.from({ length }, (_, index): [number, number, number, number | null] => [index * 15_000, cpuMilli(index), 100 * 2 ** 20, 1]),
  };
}

describe("buildSimulationView", () => {
  test("clamps the policy to the local limits, counts scale events and instance-minutes", () => {
    const view = buildSimulationView(history((index) => (index >= 4 && index < 8 ? 3000 : 500), 40), DEFAULT_HPA_POLICY, { minReplicas: 1, maxReplicas: 4 });

    expect(view.recommended[0]).toEqual([0, 2]);
    expect(view.peakRecommended).toBe(4);
    expect(view.scaleUps).toBeGreaterThanOrEqual(1);
    expect(view.actualInstanceMinutes).toBe(10);
    expect(view.lastReason).toMatch(/^CPU \d+ % vs target 70 %/);
  });

  test("folds 24 h of 15 s steps to at most 480 points, keeping each bucket's peak", () => {
    const view = buildSimulationView(history((index) => (index === 1000 ? 40_000 : 500), 5760), DEFAULT_HPA_POLICY, { minReplicas: 1, maxReplicas: 10 });

    expect(view.recommended.length).toBeLessThanOrEqual(480);
    expect(Math.max(...view.recommended.map(([, value]) => value))).toBe(view.peakRecommended);
  });
});

describe("findRuleDisagreements", () => {
  const policy = { ...DEFAULT_HPA_POLICY, metrics: [{ type: "Resource" as const, resource: { name: "cpu" as const, target: { type: "Utilization" as const, averageUtilization: 60 } } }] };

  test.each([
    { threshold: 70, notes: ["Alert rule cpu-high fires above 70 % CPU, the autoscaler targets 60 %: the autoscaler adds instances from 60 %, before the alert fires."] },
    { threshold: 60, notes: [] },
    { threshold: 50, notes: ["Alert rule cpu-high fires above 50 % CPU, the autoscaler targets 60 %: the alert fires at 50 % while the autoscaler waits for 60 %."] },
  ])("cpu-high at $threshold % against a 60 % target", ({ threshold, notes }) => {
    expect(findRuleDisagreements([{ id: "cpu-high", threshold, enabled: true }], policy).map((entry) => entry.note)).toEqual(notes);
  });

  test("a disabled rule or a resource without a target says nothing", () => {
    expect(findRuleDisagreements([{ id: "cpu-high", threshold: 90, enabled: false }, { id: "memory-high", threshold: 50, enabled: true }], policy)).toEqual([]);
  });
});
