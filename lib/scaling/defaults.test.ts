import { describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "./default-hpa-policy";
import { DEFAULT_THRESHOLD_RULES } from "./default-rules";
import { resolveHpaBehavior } from "./hpa-behavior-defaults";
import { hpaPolicySchema, thresholdRuleSchema } from "./schemas";

const KUBERNETES_DEFAULTS = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    stabilizationWindowSeconds: 300,
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  },
};

describe("resolveHpaBehavior", () => {
  test.each([
    { name: "null", behavior: null },
    { name: "undefined", behavior: undefined },
    { name: "an empty behavior", behavior: {} },
    { name: "null directions", behavior: { scaleUp: null, scaleDown: null } },
  ])("gives Kubernetes's defaults for $name", ({ behavior }) => {
    expect(resolveHpaBehavior(behavior)).toEqual(KUBERNETES_DEFAULTS);
  });

  test("fills each missing field on its own", () => {
    const resolved = resolveHpaBehavior({
      scaleUp: { policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
      scaleDown: { selectPolicy: "Min" },
    });
    expect(resolved).toEqual({
      scaleUp: { ...KUBERNETES_DEFAULTS.scaleUp, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] },
      scaleDown: { ...KUBERNETES_DEFAULTS.scaleDown, selectPolicy: "Min" },
    });
  });

  test("keeps an explicit scale-down window of 0 instead of the 300 s default", () => {
    expect(resolveHpaBehavior({ scaleDown: { stabilizationWindowSeconds: 0 } }).scaleDown.stabilizationWindowSeconds).toBe(0);
  });
});

describe("DEFAULT_HPA_POLICY", () => {
  test("is the guide's HPA: 2–10 replicas on CPU 70 % and memory 80 %", () => {
    expect(DEFAULT_HPA_POLICY.minReplicas).toBe(2);
    expect(DEFAULT_HPA_POLICY.maxReplicas).toBe(10);
    expect(DEFAULT_HPA_POLICY.metrics.map((metric) => [metric.resource.name, metric.resource.target.averageUtilization])).toEqual([
      ["cpu", 70],
      ["memory", 80],
    ]);
  });

  test("resolves to the guide's behavior with Kubernetes's Max for scale down", () => {
    expect(resolveHpaBehavior(DEFAULT_HPA_POLICY.behavior)).toEqual({
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: "Max", policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] },
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: "Max",
        policies: [
          { type: "Percent", value: 100, periodSeconds: 15 },
          { type: "Pods", value: 4, periodSeconds: 60 },
        ],
      },
    });
  });

  test("passes its own schema", () => {
    expect(hpaPolicySchema.parse(DEFAULT_HPA_POLICY)).toEqual(DEFAULT_HPA_POLICY);
  });

  test("the schema refuses maxReplicas below minReplicas", () => {
    const result = hpaPolicySchema.safeParse({ ...DEFAULT_HPA_POLICY, minReplicas: 11 });
    expect(result.error?.issues[0]?.path).toEqual(["maxReplicas"]);
  });
});

describe("DEFAULT_THRESHOLD_RULES", () => {
  test.each(DEFAULT_THRESHOLD_RULES)("$id passes the rule schema", (rule) => {
    expect(thresholdRuleSchema.parse(rule)).toEqual(rule);
  });

  test("carries the guide's thresholds and durations", () => {
    const summary = DEFAULT_THRESHOLD_RULES.map((rule) => [rule.metric, rule.comparator, rule.threshold, rule.forSeconds]);
    expect(summary).toEqual([
      ["cpu_utilization_percent", ">", 70, 600],
      ["memory_utilization_percent", ">", 80, 300],
      ["db_pool_utilization_percent", ">", 80, 120],
      ["http_request_p95_seconds", ">", 2, 300],
    ]);
  });

  test("the rule schema refuses a negative `for`", () => {
    const result = thresholdRuleSchema.safeParse({ ...DEFAULT_THRESHOLD_RULES[0], forSeconds: -1 });
    expect(result.error?.issues[0]?.path).toEqual(["forSeconds"]);
  });
});
