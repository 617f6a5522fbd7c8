import type { Comparator } from "./schemas";

// One alert instance of a threshold rule, stepped exactly like Prometheus's
// AlertingRule.Eval (prometheus/prometheus rules/alerting.go). Times are seconds.

export type AlertState = "inactive" | "pending" | "firing";

/** What Prometheus keeps in `r.active` for one series; `undefined` means no entry at all. */
export type TrackedAlert =
  | { state: "pending"; activeAtSeconds: number }
  // keepFiringSinceSeconds: first evaluation where the condition failed while firing.
  | { state: "firing"; activeAtSeconds: number; keepFiringSinceSeconds?: number }
  // A resolved alert, kept so Alertmanager keeps hearing that it resolved.
  | { state: "inactive"; activeAtSeconds: number; resolvedAtSeconds: number };

export type AlertTiming = { forSeconds: number; keepFiringForSeconds: number };

/** alerting.go `resolvedRetention = 15 * time.Minute`. */
export const RESOLVED_RETENTION_SECONDS = 15 * 60;

/** Whether `value <op> threshold` keeps the series in the expression's result; no value never does. */
export function isConditionMet(value: number | null, comparator: Comparator, threshold: number): boolean {
  if (value === null) return false;
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case "==":
      return value === threshold;
  }
}

/** The alert after one evaluation at `evalTimeSeconds`, given whether the condition held then. */
export function evaluateAlert(
  previous: TrackedAlert | undefined,
  isMet: boolean,
  evalTimeSeconds: number,
  timing: AlertTiming,
): TrackedAlert | undefined {
  return isMet
    ? evaluateConditionHeld(previous, evalTimeSeconds, timing)
    : evaluateConditionFailed(previous, evalTimeSeconds, timing);
}

function evaluateConditionHeld(
  previous: TrackedAlert | undefined,
  evalTimeSeconds: number,
  timing: AlertTiming,
): TrackedAlert {
  // `if alert, ok := r.active[h]; ok && alert.State != StateInactive` keeps the old alert;
  // otherwise a new one replaces it, so a retained resolved alert never comes back to life.
  if (previous?.state === "firing") return { state: "firing", activeAtSeconds: previous.activeAtSeconds };
  const activeAtSeconds = previous?.state === "pending" ? previous.activeAtSeconds : evalTimeSeconds;
  // `ts.Sub(a.ActiveAt) >= r.holdDuration` runs in the same pass, so `for: 0` fires at once.
  const hasHeldLongEnough = evalTimeSeconds - activeAtSeconds >= timing.forSeconds;
  return { state: hasHeldLongEnough ? "firing" : "pending", activeAtSeconds };
}

function evaluateConditionFailed(
  previous: TrackedAlert | undefined,
  evalTimeSeconds: number,
  timing: AlertTiming,
): TrackedAlert | undefined {
  if (previous === undefined || previous.state === "pending") return undefined;
  if (previous.state === "inactive") {
    // Deleted only once strictly more than the retention has passed: `ts.Sub(a.ResolvedAt) > resolvedRetention`.
    const isExpired = evalTimeSeconds - previous.resolvedAtSeconds > RESOLVED_RETENTION_SECONDS;
    return isExpired ? undefined : previous;
  }
  if (timing.keepFiringForSeconds > 0) {
    const keepFiringSinceSeconds = previous.keepFiringSinceSeconds ?? evalTimeSeconds;
    if (evalTimeSeconds - keepFiringSinceSeconds < timing.keepFiringForSeconds) {
      return { ...previous, keepFiringSinceSeconds };
    }
  }
  return { state: "inactive", activeAtSeconds: previous.activeAtSeconds, resolvedAtSeconds: evalTimeSeconds };
}
