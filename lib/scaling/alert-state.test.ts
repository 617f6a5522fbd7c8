import { describe, expect, test } from "vitest";
import { evaluateAlert, isConditionMet, type AlertTiming, type TrackedAlert } from "./alert-state";

const NO_KEEP: AlertTiming = { forSeconds: 600, keepFiringForSeconds: 0 };

describe("isConditionMet", () => {
  test.each([
    { op: ">", value: 69, met: false },
    { op: ">", value: 70, met: false },
    { op: ">", value: 71, met: true },
    { op: ">=", value: 69, met: false },
    { op: ">=", value: 70, met: true },
    { op: ">=", value: 71, met: true },
    { op: "<", value: 69, met: true },
    { op: "<", value: 70, met: false },
    { op: "<", value: 71, met: false },
    { op: "<=", value: 69, met: true },
    { op: "<=", value: 70, met: true },
    { op: "<=", value: 71, met: false },
    { op: "==", value: 69, met: false },
    { op: "==", value: 70, met: true },
    { op: "==", value: 71, met: false },
  ] as const)("$value $op 70 is $met", ({ op, value, met }) => {
    expect(isConditionMet(value, op, 70)).toBe(met);
  });

  test.each([">", ">=", "<", "<=", "=="] as const)("no value never meets %s", (op) => {
    expect(isConditionMet(null, op, 70)).toBe(false);
  });
});

describe("evaluateAlert: pending to firing", () => {
  test("a new activation is pending with activeAt at the evaluation time", () => {
    expect(evaluateAlert(undefined, true, 100, NO_KEEP)).toEqual({ state: "pending", activeAtSeconds: 100 });
  });

  test("fires at once when `for` is 0", () => {
    expect(evaluateAlert(undefined, true, 100, { forSeconds: 0, keepFiringForSeconds: 0 })).toEqual({
      state: "firing",
      activeAtSeconds: 100,
    });
  });

  test.each([
    { evalTimeSeconds: 599, state: "pending" },
    { evalTimeSeconds: 600, state: "firing" },
    { evalTimeSeconds: 601, state: "firing" },
  ])("is $state at $evalTimeSeconds s after activation with for 600 s", ({ evalTimeSeconds, state }) => {
    const pending: TrackedAlert = { state: "pending", activeAtSeconds: 0 };
    expect(evaluateAlert(pending, true, evalTimeSeconds, NO_KEEP)).toEqual({ state, activeAtSeconds: 0 });
  });

  test("a firing alert keeps its original activeAt", () => {
    const firing: TrackedAlert = { state: "firing", activeAtSeconds: 5 };
    expect(evaluateAlert(firing, true, 5000, NO_KEEP)).toEqual({ state: "firing", activeAtSeconds: 5 });
  });
});

describe("evaluateAlert: condition gone", () => {
  test("drops a pending alert without resolving it", () => {
    expect(evaluateAlert({ state: "pending", activeAtSeconds: 0 }, false, 60, NO_KEEP)).toBeUndefined();
  });

  test("drops a pending alert even when keep_firing_for is set", () => {
    const timing = { forSeconds: 600, keepFiringForSeconds: 300 };
    expect(evaluateAlert({ state: "pending", activeAtSeconds: 0 }, false, 60, timing)).toBeUndefined();
  });

  test("resolves a firing alert at the evaluation time when keep_firing_for is 0", () => {
    expect(evaluateAlert({ state: "firing", activeAtSeconds: 0 }, false, 900, NO_KEEP)).toEqual({
      state: "inactive",
      activeAtSeconds: 0,
      resolvedAtSeconds: 900,
    });
  });

  test("stays empty with no alert and no condition", () => {
    expect(evaluateAlert(undefined, false, 60, NO_KEEP)).toBeUndefined();
  });
});

describe("evaluateAlert: keep_firing_for 120 s, condition failing since 1000", () => {
  const timing = { forSeconds: 0, keepFiringForSeconds: 120 };
  const keptFiring: TrackedAlert = { state: "firing", activeAtSeconds: 0, keepFiringSinceSeconds: 1000 };

  test("starts counting at the first failed evaluation and keeps firing", () => {
    expect(evaluateAlert({ state: "firing", activeAtSeconds: 0 }, false, 1000, timing)).toEqual(keptFiring);
  });

  test.each([
    { evalTimeSeconds: 1119, state: "firing" },
    { evalTimeSeconds: 1120, state: "inactive" },
    { evalTimeSeconds: 1121, state: "inactive" },
  ])("is $state at $evalTimeSeconds", ({ evalTimeSeconds, state }) => {
    expect(evaluateAlert(keptFiring, false, evalTimeSeconds, timing)?.state).toBe(state);
  });

  test("resolves at the evaluation that ends the grace period", () => {
    expect(evaluateAlert(keptFiring, false, 1120, timing)).toEqual({
      state: "inactive",
      activeAtSeconds: 0,
      resolvedAtSeconds: 1120,
    });
  });

  test("the condition coming back resets the grace period", () => {
    const back = evaluateAlert(keptFiring, true, 1100, timing);
    expect(back).toEqual({ state: "firing", activeAtSeconds: 0 });
    expect(evaluateAlert(back, false, 1200, timing)).toEqual({ ...keptFiring, keepFiringSinceSeconds: 1200 });
  });
});

describe("evaluateAlert: resolved alert retention (15 min)", () => {
  const resolved: TrackedAlert = { state: "inactive", activeAtSeconds: 0, resolvedAtSeconds: 1000 };

  test.each([
    { evalTimeSeconds: 1899, isKept: true },
    { evalTimeSeconds: 1900, isKept: true },
    { evalTimeSeconds: 1901, isKept: false },
  ])("at $evalTimeSeconds (resolved at 1000) kept: $isKept", ({ evalTimeSeconds, isKept }) => {
    expect(evaluateAlert(resolved, false, evalTimeSeconds, NO_KEEP)).toEqual(isKept ? resolved : undefined);
  });

  test("a new activation replaces the resolved alert with a new pending one", () => {
    expect(evaluateAlert(resolved, true, 1300, NO_KEEP)).toEqual({ state: "pending", activeAtSeconds: 1300 });
  });
});
