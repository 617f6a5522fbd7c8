import { describe, expect, test } from "vitest";
import { resolveHpaBehavior, type HpaScalingRules } from "./hpa-behavior-defaults";
import { limitReplicasByRate, sumReplicaChangesInPeriod, type RateLimitInput } from "./hpa-rate-limits";
import type { HpaScalingPolicy, SelectPolicy } from "./schemas";

const pods = (value: number, periodSeconds = 60): HpaScalingPolicy => ({ type: "Pods", value, periodSeconds });
const percent = (value: number, periodSeconds = 60): HpaScalingPolicy => ({ type: "Percent", value, periodSeconds });

function rules(policies: HpaScalingPolicy[], selectPolicy: SelectPolicy = "Max"): HpaScalingRules {
  return { stabilizationWindowSeconds: 0, selectPolicy, policies };
}

const defaults = resolveHpaBehavior(null);

function limit(overrides: Partial<RateLimitInput>): number {
  return limitReplicasByRate({
    currentReplicas: 10,
    desiredReplicas: 10,
    minReplicas: 1,
    maxReplicas: 100,
    scaleUpRules: defaults.scaleUp,
    scaleDownRules: defaults.scaleDown,
    scaleUpEvents: [],
    scaleDownEvents: [],
    ...overrides,
  });
}

describe("sumReplicaChangesInPeriod", () => {
  test.each([
    { ageSeconds: 59, sum: 3 },
    { ageSeconds: 60, sum: 0 },
    { ageSeconds: 61, sum: 0 },
  ])("counts an event aged $ageSeconds s in a 60 s period as $sum", ({ ageSeconds, sum }) => {
    expect(sumReplicaChangesInPeriod(60, [{ ageSeconds, replicaChange: 3 }])).toBe(sum);
  });
});

describe("scale up", () => {
  test.each([
    { desiredReplicas: 13, replicas: 13 },
    { desiredReplicas: 14, replicas: 14 },
    { desiredReplicas: 15, replicas: 14 },
  ])("Pods 4 per 60 s from 10 turns $desiredReplicas into $replicas", ({ desiredReplicas, replicas }) => {
    expect(limit({ desiredReplicas, scaleUpRules: rules([pods(4)]) })).toBe(replicas);
  });

  test.each([
    { currentReplicas: 10, value: 100, replicas: 20 },
    { currentReplicas: 3, value: 50, replicas: 5 }, // ceil(4.5)
    { currentReplicas: 3, value: 10, replicas: 4 }, // ceil(3.3): a small count still grows
  ])("Percent $value from $currentReplicas allows $replicas", ({ currentReplicas, value, replicas }) => {
    expect(limit({ currentReplicas, desiredReplicas: 50, scaleUpRules: rules([percent(value)]) })).toBe(replicas);
  });

  test.each([
    { selectPolicy: "Max", currentReplicas: 2, replicas: 6 }, // max(2 + 4, 2 × 2)
    { selectPolicy: "Max", currentReplicas: 10, replicas: 20 },
    { selectPolicy: "Min", currentReplicas: 2, replicas: 4 },
    { selectPolicy: "Min", currentReplicas: 10, replicas: 14 },
    { selectPolicy: "Disabled", currentReplicas: 10, replicas: 10 },
  ] as const)("selectPolicy $selectPolicy from $currentReplicas allows $replicas", ({ selectPolicy, currentReplicas, replicas }) => {
    const scaleUpRules = rules([pods(4), percent(100)], selectPolicy);
    expect(limit({ currentReplicas, desiredReplicas: 50, scaleUpRules })).toBe(replicas);
  });

  test.each([
    { ageSeconds: 59, replicas: 11 },
    { ageSeconds: 60, replicas: 14 },
    { ageSeconds: 61, replicas: 14 },
  ])("a +3 scale up aged $ageSeconds s leaves room for $replicas (Pods 4 per 60 s)", ({ ageSeconds, replicas }) => {
    const scaleUpEvents = [{ ageSeconds, replicaChange: 3 }];
    expect(limit({ desiredReplicas: 50, scaleUpRules: rules([pods(4)]), scaleUpEvents })).toBe(replicas);
  });

  test("counts the period back through scale downs too", () => {
    // The period started at 10 + 2 = 12 replicas, so Pods 4 allows 16.
    const scaleDownEvents = [{ ageSeconds: 30, replicaChange: 2 }];
    expect(limit({ desiredReplicas: 50, scaleUpRules: rules([pods(4)]), scaleDownEvents })).toBe(16);
  });

  test("each policy counts events over its own period", () => {
    // Pods 4/15 s ignores the 30 s old +5 (10 + 4 = 14); Percent 100/60 s starts from 5 (→ 10).
    const scaleUpEvents = [{ ageSeconds: 30, replicaChange: 5 }];
    const policies = [pods(4, 15), percent(100, 60)];
    expect(limit({ desiredReplicas: 50, scaleUpRules: rules(policies, "Max"), scaleUpEvents })).toBe(14);
    expect(limit({ desiredReplicas: 50, scaleUpRules: rules(policies, "Min"), scaleUpEvents })).toBe(10);
  });

  test("a limit already used up holds the current count instead of scaling down", () => {
    const scaleUpEvents = [{ ageSeconds: 5, replicaChange: 8 }];
    expect(limit({ desiredReplicas: 50, scaleUpRules: rules([pods(1)]), scaleUpEvents })).toBe(10);
  });

  test.each([
    { desiredReplicas: 11, replicas: 11 },
    { desiredReplicas: 12, replicas: 12 },
    { desiredReplicas: 13, replicas: 12 },
  ])("maxReplicas 12 turns $desiredReplicas into $replicas", ({ desiredReplicas, replicas }) => {
    expect(limit({ desiredReplicas, maxReplicas: 12 })).toBe(replicas);
  });

  test("is never raised to minReplicas", () => {
    expect(limit({ currentReplicas: 1, desiredReplicas: 2, minReplicas: 3 })).toBe(2);
  });
});

describe("scale down", () => {
  test.each([
    { desiredReplicas: 5, replicas: 6 },
    { desiredReplicas: 6, replicas: 6 },
    { desiredReplicas: 7, replicas: 7 },
  ])("Pods 4 per 60 s from 10 turns $desiredReplicas into $replicas", ({ desiredReplicas, replicas }) => {
    expect(limit({ desiredReplicas, scaleDownRules: rules([pods(4)]) })).toBe(replicas);
  });

  test.each([
    { currentReplicas: 10, value: 50, replicas: 5 },
    { currentReplicas: 7, value: 50, replicas: 3 }, // int32(3.5) truncates
    { currentReplicas: 3, value: 10, replicas: 2 }, // int32(2.7)
  ])("Percent $value from $currentReplicas allows down to $replicas", ({ currentReplicas, value, replicas }) => {
    expect(limit({ currentReplicas, desiredReplicas: 1, scaleDownRules: rules([percent(value)]) })).toBe(replicas);
  });

  test.each([
    { selectPolicy: "Max", replicas: 5 }, // the biggest drop: min(10 − 4, 10 × 0.5)
    { selectPolicy: "Min", replicas: 6 },
    { selectPolicy: "Disabled", replicas: 10 },
  ] as const)("selectPolicy $selectPolicy from 10 allows down to $replicas", ({ selectPolicy, replicas }) => {
    const scaleDownRules = rules([pods(4), percent(50)], selectPolicy);
    expect(limit({ desiredReplicas: 1, scaleDownRules })).toBe(replicas);
  });

  test.each([
    { ageSeconds: 59, replicas: 8 },
    { ageSeconds: 60, replicas: 6 },
    { ageSeconds: 61, replicas: 6 },
  ])("a −2 scale down aged $ageSeconds s leaves room down to $replicas (Pods 4 per 60 s)", ({ ageSeconds, replicas }) => {
    const scaleDownEvents = [{ ageSeconds, replicaChange: 2 }];
    expect(limit({ desiredReplicas: 1, scaleDownRules: rules([pods(4)]), scaleDownEvents })).toBe(replicas);
  });

  test("counts the period back through scale ups too", () => {
    // The period started at 10 − 3 = 7 replicas, so Pods 4 allows down to 3.
    const scaleUpEvents = [{ ageSeconds: 10, replicaChange: 3 }];
    expect(limit({ desiredReplicas: 1, scaleDownRules: rules([pods(4)]), scaleUpEvents })).toBe(3);
  });

  test("a limit already used up holds the current count instead of scaling up", () => {
    const scaleDownEvents = [{ ageSeconds: 10, replicaChange: 9 }];
    expect(limit({ desiredReplicas: 2, scaleDownRules: rules([pods(1)]), scaleDownEvents })).toBe(10);
  });

  test.each([
    { desiredReplicas: 1, replicas: 2 },
    { desiredReplicas: 2, replicas: 2 },
    { desiredReplicas: 3, replicas: 3 },
  ])("minReplicas 2 turns $desiredReplicas into $replicas", ({ desiredReplicas, replicas }) => {
    expect(limit({ desiredReplicas, minReplicas: 2 })).toBe(replicas);
  });
});

describe("no change", () => {
  test("passes an unchanged count through even above maxReplicas", () => {
    expect(limit({ currentReplicas: 12, desiredReplicas: 12, maxReplicas: 10 })).toBe(12);
  });
});
