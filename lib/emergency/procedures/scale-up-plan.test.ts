import { describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { describeScaleUpLimits, planScaleUp } from "./scale-up-plan";

const withScaleUp = (scaleUp: NonNullable<HpaPolicy["behavior"]>["scaleUp"], maxReplicas = 10): HpaPolicy => ({
  ...DEFAULT_HPA_POLICY,
  maxReplicas,
  behavior: { ...DEFAULT_HPA_POLICY.behavior, scaleUp },
});

describe("planScaleUp", () => {
  test.each([
    [2, 3],
    [3, 5],
    [4, 6],
    [1, 2],
    [7, 10],
  ])("adds 50 %% rounded up: %i → %i under the guide's policy, in one step", (current, target) => {
    const plan = planScaleUp({ currentReplicas: current, policy: DEFAULT_HPA_POLICY, instanceStartSeconds: 8 });
    expect(plan.targetReplicas).toBe(target);
    expect(plan.steps).toEqual([{ atSeconds: 0, replicas: target }]);
    expect(plan.estimatedSeconds).toBe(8);
  });

  test("caps the target at the policy's maximum", () => {
    const plan = planScaleUp({ currentReplicas: 8, policy: DEFAULT_HPA_POLICY, instanceStartSeconds: 8 });
    expect(plan).toMatchObject({ targetReplicas: 10, isCappedAtMaximum: true });
  });

  test("at the maximum already there is nothing to do", () => {
    const plan = planScaleUp({ currentReplicas: 10, policy: DEFAULT_HPA_POLICY, instanceStartSeconds: 8 });
    expect(plan).toMatchObject({ targetReplicas: 10, steps: [], estimatedSeconds: 0 });
  });

  test("a strict policy (+1 instance per 60 s) paces the steps: 4 → 6 takes a step now and one 60 s later", () => {
    const policy = withScaleUp({ policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    const plan = planScaleUp({ currentReplicas: 4, policy, instanceStartSeconds: 8 });
    expect(plan.steps).toEqual([
      { atSeconds: 0, replicas: 5 },
      { atSeconds: 60, replicas: 6 },
    ]);
    expect(plan.estimatedSeconds).toBe(68);
  });

  test("a policy with scale-up disabled still gets the raised minimum at once", () => {
    const policy = withScaleUp({ selectPolicy: "Disabled", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    expect(planScaleUp({ currentReplicas: 2, policy, instanceStartSeconds: 5 }).steps).toEqual([{ atSeconds: 0, replicas: 3 }]);
  });
});

test("describeScaleUpLimits says the guide's limits in words", () => {
  expect(describeScaleUpLimits(DEFAULT_HPA_POLICY)).toBe("+100 % per 15 s or +4 instances per 60 s (the larger)");
});
