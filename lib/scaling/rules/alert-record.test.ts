import { describe, expect, test } from "vitest";
import type { TrackedAlert } from "../alert-state";
import { calculateRuleFlapScore, evaluateRule, toAlertRecord, toTrackedAlert, type AlertRecord } from "./alert-record";

const RULE = { comparator: ">" as const, threshold: 80, forSeconds: 120, keepFiringForSeconds: 60 };

describe("alert records", () => {
  test.each<{ name: string; alert: TrackedAlert | undefined }>([
    { name: "no alert", alert: undefined },
    { name: "a pending alert", alert: { state: "pending", activeAtSeconds: 100 } },
    { name: "a firing alert", alert: { state: "firing", activeAtSeconds: 100 } },
    { name: "a firing alert kept firing", alert: { state: "firing", activeAtSeconds: 100, keepFiringSinceSeconds: 400 } },
    { name: "a retained resolved alert", alert: { state: "inactive", activeAtSeconds: 100, resolvedAtSeconds: 500 } },
  ])("round-trips $name", ({ alert }) => {
    expect(toTrackedAlert(toAlertRecord(alert))).toEqual(alert);
  });
});

describe("evaluateRule", () => {
  const none: AlertRecord | undefined = undefined;

  test("stays inactive without a transition when the value is at the threshold", () => {
    expect(evaluateRule(RULE, none, 80, 0)).toEqual({ record: toAlertRecord(undefined), transition: null });
  });

  test("goes pending just above the threshold, recording the value", () => {
    const { record, transition } = evaluateRule(RULE, none, 80.1, 0);
    expect(record).toMatchObject({ state: "pending", activeAtSeconds: 0 });
    expect(transition).toEqual({ atSeconds: 0, from: "inactive", to: "pending", value: 80.1 });
  });

  test("fires once the condition has held for `for`, then resolves after keep_firing_for", () => {
    const pending = evaluateRule(RULE, none, 90, 0).record;
    expect(evaluateRule(RULE, pending, 90, 105).transition).toBeNull();
    const firing = evaluateRule(RULE, pending, 90, 120);
    expect(firing.transition).toMatchObject({ from: "pending", to: "firing" });
    const kept = evaluateRule(RULE, firing.record, 50, 135);
    expect(kept).toMatchObject({ record: { state: "firing", keepFiringSinceSeconds: 135 }, transition: null });
    const resolved = evaluateRule(RULE, kept.record, 50, 195);
    expect(resolved.record).toMatchObject({ state: "inactive", activeAtSeconds: 0, resolvedAtSeconds: 195 });
    expect(resolved.transition).toEqual({ atSeconds: 195, from: "firing", to: "inactive", value: 50 });
  });

  test("a missing value ends a pending alert", () => {
    const pending = evaluateRule(RULE, none, 90, 0).record;
    expect(evaluateRule(RULE, pending, null, 15).transition).toEqual({ atSeconds: 15, from: "pending", to: "inactive", value: null });
  });

  test("a disabled rule drops its firing alert", () => {
    const firing: AlertRecord = { state: "firing", activeAtSeconds: 0, keepFiringSinceSeconds: null, resolvedAtSeconds: null };
    const result = evaluateRule(null, firing, 95, 300);
    expect(result.record).toEqual(toAlertRecord(undefined));
    expect(result.transition).toMatchObject({ from: "firing", to: "inactive" });
  });
});

describe("calculateRuleFlapScore", () => {
  const NOW = 100 * 3600;

  test("is 0 for a rule that never changed state", () => {
    expect(calculateRuleFlapScore([], "inactive", NOW)).toBe(0);
  });

  test("counts transitions per hour over 24 h, ignoring older ones", () => {
    const transitions = [
      { atSeconds: NOW - 25 * 3600, from: "inactive" as const, to: "pending" as const },
      { atSeconds: NOW - 3600, from: "pending" as const, to: "firing" as const },
      { atSeconds: NOW - 1800, from: "firing" as const, to: "inactive" as const },
      { atSeconds: NOW - 60, from: "inactive" as const, to: "pending" as const },
    ];
    expect(calculateRuleFlapScore(transitions, "pending", NOW)).toBeCloseTo(3 / 24, 10);
  });
});
