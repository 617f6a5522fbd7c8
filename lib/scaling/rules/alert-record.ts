import { evaluateAlert, isConditionMet, type AlertState, type TrackedAlert } from "../alert-state";
import { calculateFlapScore } from "../flap-score";
import type { ThresholdRule } from "../schemas";

// Pure glue between the alert state machine (seconds, TrackedAlert) and what the control loop
// stores per rule (one current-state row, one history row per change). No I/O, no clock.

/** The stored form of a TrackedAlert: `inactive` without activeAt means no alert is tracked. */
export type AlertRecord = {
  state: AlertState;
  activeAtSeconds: number | null;
  keepFiringSinceSeconds: number | null;
  resolvedAtSeconds: number | null;
};

export type AlertTransition = { atSeconds: number; from: AlertState; to: AlertState; value: number | null };

export function toAlertRecord(alert: TrackedAlert | undefined): AlertRecord {
  if (alert === undefined) return { state: "inactive", activeAtSeconds: null, keepFiringSinceSeconds: null, resolvedAtSeconds: null };
  return {
    state: alert.state,
    activeAtSeconds: alert.activeAtSeconds,
    keepFiringSinceSeconds: alert.state === "firing" ? (alert.keepFiringSinceSeconds ?? null) : null,
    resolvedAtSeconds: alert.state === "inactive" ? alert.resolvedAtSeconds : null,
  };
}

export function toTrackedAlert(record: AlertRecord | undefined): TrackedAlert | undefined {
  if (record === undefined || record.activeAtSeconds === null) return undefined;
  const { state, activeAtSeconds } = record;
  if (state === "pending") return { state, activeAtSeconds };
  if (state === "firing") {
    return record.keepFiringSinceSeconds === null ? { state, activeAtSeconds } : { state, activeAtSeconds, keepFiringSinceSeconds: record.keepFiringSinceSeconds };
  }
  return record.resolvedAtSeconds === null ? undefined : { state, activeAtSeconds, resolvedAtSeconds: record.resolvedAtSeconds };
}

export type RuleEvaluation = { record: AlertRecord; transition: AlertTransition | null };

/**
 * One evaluation of an enabled rule: the next alert, and the state change it made, if any.
 * A disabled rule is evaluated as a deleted one (Prometheus drops its alerts): `rule: null`.
 */
export function evaluateRule(
  rule: Pick<ThresholdRule, "comparator" | "threshold" | "forSeconds" | "keepFiringForSeconds"> | null,
  previous: AlertRecord | undefined,
  value: number | null,
  evalTimeSeconds: number,
): RuleEvaluation {
  const before = toTrackedAlert(previous);
  const after = rule === null ? undefined : evaluateAlert(before, isConditionMet(value, rule.comparator, rule.threshold), evalTimeSeconds, rule);
  const from = before?.state ?? "inactive";
  const to = after?.state ?? "inactive";
  return {
    record: toAlertRecord(after),
    transition: from === to ? null : { atSeconds: evalTimeSeconds, from, to, value },
  };
}

const FLAP_WINDOW_SECONDS = 24 * 3600;

/**
 * Transitions per hour over the 24 hours before `nowSeconds`, from the transitions in that window
 * (any order): the window starts in the first transition's `from` state and ends in `currentState`.
 */
export function calculateRuleFlapScore(transitions: readonly Pick<AlertTransition, "atSeconds" | "from" | "to">[], currentState: AlertState, nowSeconds: number): number {
  const windowStartSeconds = nowSeconds - FLAP_WINDOW_SECONDS;
  const inWindow = transitions.filter((transition) => transition.atSeconds > windowStartSeconds && transition.atSeconds <= nowSeconds).sort((a, b) => a.atSeconds - b.atSeconds);
  const initialState = inWindow[0]?.from ?? currentState;
  return calculateFlapScore([
    { evalTimeSeconds: windowStartSeconds, state: initialState },
    ...inWindow.map((transition) => ({ evalTimeSeconds: transition.atSeconds, state: transition.to })),
    { evalTimeSeconds: nowSeconds, state: currentState },
  ]);
}
