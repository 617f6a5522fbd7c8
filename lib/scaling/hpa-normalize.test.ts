import { describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "./default-hpa-policy";
import { resolveHpaBehavior } from "./hpa-behavior-defaults";
import { normalizeDesiredReplicas, stabilizeWithBehavior, type NormalizeInput } from "./hpa-normalize";

const withDefaults: NormalizeInput = {
  minReplicas: 1,
  maxReplicas: 100,
  currentReplicas: 10,
  desiredReplicas: 10,
  behavior: resolveHpaBehavior(null),
  scaleUpEvents: [],
  scaleDownEvents: [],
  recommendations: [],
};

const withGuidePolicy: NormalizeInput = {
  ...withDefaults,
  minReplicas: DEFAULT_HPA_POLICY.minReplicas,
  maxReplicas: DEFAULT_HPA_POLICY.maxReplicas,
  behavior: resolveHpaBehavior(DEFAULT_HPA_POLICY.behavior),
};

describe("normalizeDesiredReplicas with Kubernetes's default behavior", () => {
  test("holds a scale down at the highest recommendation of the last 5 minutes", () => {
    const input = { ...withDefaults, desiredReplicas: 3, recommendations: [{ ageSeconds: 100, replicas: 8 }] };
    expect(normalizeDesiredReplicas(input)).toBe(8);
  });

  test("lets a scale up double or add 4 pods, whichever is more", () => {
    expect(normalizeDesiredReplicas({ ...withDefaults, desiredReplicas: 30 })).toBe(20);
    expect(normalizeDesiredReplicas({ ...withDefaults, currentReplicas: 2, desiredReplicas: 30 })).toBe(6);
  });

  test("rate-limits the stabilized value, not the raw one", () => {
    const input = { ...withDefaults, currentReplicas: 4, desiredReplicas: 10, recommendations: [{ ageSeconds: 10, replicas: 20 }] };
    expect(normalizeDesiredReplicas(input)).toBe(8);
  });

  test("applies minReplicas after stabilization; stabilization alone does not", () => {
    const input = { ...withDefaults, minReplicas: 2, desiredReplicas: 1 };
    expect(stabilizeWithBehavior(input)).toBe(1);
    expect(normalizeDesiredReplicas(input)).toBe(2);
  });
});

describe("normalizeDesiredReplicas with the guide's policy", () => {
  test("scales down by at most half per minute", () => {
    expect(normalizeDesiredReplicas({ ...withGuidePolicy, desiredReplicas: 2 })).toBe(5);
  });

  test.each([
    { ageSeconds: 59, replicas: 5 },
    { ageSeconds: 60, replicas: 2 },
    { ageSeconds: 61, replicas: 2 },
  ])("after halving 10 → 5, a further scale down $ageSeconds s later reaches $replicas", ({ ageSeconds, replicas }) => {
    const input = {
      ...withGuidePolicy,
      currentReplicas: 5,
      desiredReplicas: 2,
      scaleDownEvents: [{ ageSeconds, replicaChange: 5 }],
      recommendations: [{ ageSeconds, replicas: 2 }],
    };
    expect(normalizeDesiredReplicas(input)).toBe(replicas);
  });

  test("scales up from 2 by the larger of +100 % per 15 s and +4 pods per 60 s", () => {
    expect(normalizeDesiredReplicas({ ...withGuidePolicy, currentReplicas: 2, desiredReplicas: 10 })).toBe(6);
  });

  test("never goes past maxReplicas 10", () => {
    expect(normalizeDesiredReplicas({ ...withGuidePolicy, currentReplicas: 8, desiredReplicas: 40 })).toBe(10);
  });
});
