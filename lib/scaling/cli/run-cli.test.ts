import { describe, expect, test } from "vitest";
import { runScalingCli } from "./run-cli";

function run(command: string, input: unknown) {
  return runScalingCli(command.split(" "), JSON.stringify(input));
}

const alertsCase = {
  forSeconds: 60,
  keepFiringForSeconds: 0,
  op: ">",
  threshold: 70,
  evalTimes: [0, 30, 60, 90],
  series: [
    { t: 0, value: 80 },
    { t: 90, value: 50 },
  ],
};

describe("scaling alerts evaluate", () => {
  test("writes one entry per evaluation time for each case", () => {
    const result = run("alerts evaluate", [alertsCase]);
    expect(result).toEqual({ exitCode: 0, stderr: "", stdout: expect.any(String) });
    expect(JSON.parse(result.stdout)).toEqual([
      [
        { t: 0, state: "pending", activeAt: 0 },
        { t: 30, state: "pending", activeAt: 0 },
        { t: 60, state: "firing", activeAt: 0 },
        { t: 90, state: "inactive", activeAt: 0, resolvedAt: 90 },
      ],
    ]);
  });

  test("treats a point exactly 5 minutes old as no value, and null as no value", () => {
    const input = [
      { ...alertsCase, forSeconds: 0, evalTimes: [299, 300], series: [{ t: 0, value: 80 }] },
      { ...alertsCase, forSeconds: 0, evalTimes: [0], series: [{ t: 0, value: null }] },
    ];
    expect(JSON.parse(run("alerts evaluate", input).stdout)).toEqual([
      [
        { t: 299, state: "firing", activeAt: 299 },
        { t: 300, state: "inactive", activeAt: 299, resolvedAt: 300 },
      ],
      [{ t: 0, state: "inactive", activeAt: null }],
    ]);
  });

  test("takes `for` and `keep_firing_for` as 0 when they are left out", () => {
    const { forSeconds: _for, keepFiringForSeconds: _keep, ...withoutDurations } = alertsCase;
    expect(JSON.parse(run("alerts evaluate", [withoutDurations]).stdout)[0][0]).toEqual({ t: 0, state: "firing", activeAt: 0 });
  });

  test("an empty array gives an empty array", () => {
    expect(run("alerts evaluate", []).stdout).toBe("[]\n");
  });
});

describe("scaling hpa evaluate", () => {
  const behaviorCase = {
    kind: "behavior",
    minReplicas: 2,
    maxReplicas: 10,
    currentReplicas: 8,
    desiredReplicas: 3,
    behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] } },
    scaleUpEvents: [],
    scaleDownEvents: [],
    recommendations: [{ ageSeconds: 120, replicas: 7 }],
  };

  test("answers each behavior and ratio case in order", () => {
    const input = [
      { ...behaviorCase, scope: "stabilize" }, // highest in the window: 7
      { ...behaviorCase, scope: "normalize", recommendations: [] }, // 8 × 50 % = 4
      { ...behaviorCase, scope: "normalize", behavior: null, currentReplicas: 4, desiredReplicas: 9 }, // max(4 + 4, 4 × 2)
      { kind: "ratio", currentReplicas: 3, tolerance: 0.1, metric: { type: "Utilization", target: 70, podValues: [900, 900, 900], podRequests: [1000, 1000, 1000] } },
      { kind: "ratio", currentReplicas: 4, tolerance: 0.1, metric: { type: "AverageValue", target: 500, podValues: [1000, 1000, 1000, 1000] } },
      { kind: "ratio", currentReplicas: 4, tolerance: 0.1, metric: { type: "AverageValue", target: 500, value: 3000 } },
      { kind: "ratio", currentReplicas: 4, metric: { type: "Value", target: 1000, value: 1500 } },
    ];
    const result = run("hpa evaluate", input);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([7, 4, 8, 4, 8, 6, 6].map((desiredReplicas) => ({ desiredReplicas })));
  });
});

describe("invalid input", () => {
  const hpaRatio = { kind: "ratio", currentReplicas: 2, metric: { type: "Value", target: 1, value: 1 } };
  const hpaBehavior = { kind: "behavior", scope: "normalize", minReplicas: 1, maxReplicas: 5, currentReplicas: 2, desiredReplicas: 3 };

  test.each([
    { command: "alerts evaluate", input: { ...alertsCase }, field: "input:" },
    { command: "alerts evaluate", input: [alertsCase, { ...alertsCase, op: "!=" }], field: "input[1].op:" },
    { command: "alerts evaluate", input: [{ ...alertsCase, series: [{ t: 0, value: "80" }] }], field: "input[0].series[0].value:" },
    { command: "alerts evaluate", input: [{ ...alertsCase, evalTimes: [0, 60, 60] }], field: "input[0].evalTimes[2]:" },
    { command: "alerts evaluate", input: [{ ...alertsCase, forSeconds: -1 }], field: "input[0].forSeconds:" },
    { command: "hpa evaluate", input: [hpaRatio, { ...hpaRatio, kind: "other" }], field: "input[1].kind:" },
    { command: "hpa evaluate", input: [{ ...hpaRatio, currentReplicas: 1.5 }], field: "input[0].currentReplicas:" },
    { command: "hpa evaluate", input: [{ ...hpaRatio, metric: { type: "AverageValue", target: 1, value: 1, podValues: [1] } }], field: "input[0].metric.podValues:" },
    { command: "hpa evaluate", input: [{ ...hpaRatio, metric: { type: "Utilization", target: 70, podValues: [1, 2], podRequests: [1] } }], field: "input[0].metric.podRequests:" },
    { command: "hpa evaluate", input: [{ ...hpaRatio, metric: { type: "Value", target: 0, value: 1 } }], field: "input[0].metric.target:" },
    { command: "hpa evaluate", input: [{ ...hpaBehavior, maxReplicas: 0 }], field: "input[0].maxReplicas:" },
    { command: "hpa evaluate", input: [{ ...hpaBehavior, minReplicas: 6 }], field: "input[0].maxReplicas:" },
    { command: "hpa evaluate", input: [{ ...hpaBehavior, scope: "all" }], field: "input[0].scope:" },
    { command: "hpa evaluate", input: [{ ...hpaBehavior, behavior: { scaleUp: { selectPolicy: "Maximum" } } }], field: "input[0].behavior.scaleUp.selectPolicy:" },
    { command: "hpa evaluate", input: [{ ...hpaBehavior, behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 0 }] } } }], field: "input[0].behavior.scaleDown.policies[0].periodSeconds:" },
    { command: "hpa evaluate", input: [{ ...hpaBehavior, scaleUpEvents: [{ ageSeconds: -1, replicaChange: 1 }] }], field: "input[0].scaleUpEvents[0].ageSeconds:" },
  ])("$command exits 2 naming $field", ({ command, input, field }) => {
    const result = run(command, input);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`scaling ${command}: invalid ${field}`);
  });

  test("exits 2 on stdin that is not JSON", () => {
    const result = runScalingCli(["hpa", "evaluate"], "[{");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^scaling hpa evaluate: stdin is not valid JSON/);
  });

  test.each([{ args: [] }, { args: ["alerts"] }, { args: ["hpa", "apply"] }])("exits 2 with usage for $args", ({ args }) => {
    const result = runScalingCli(args, "[]");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("usage: npm run --silent scaling");
  });
});
