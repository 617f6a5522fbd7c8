import { evaluateAlert, isConditionMet, type AlertState, type AlertTiming, type TrackedAlert } from "./alert-state";
import type { Comparator } from "./schemas";
import { findValueAtEvalTime, type SeriesPoint } from "./series-value";

export type AlertTimelineInput = AlertTiming & {
  comparator: Comparator;
  threshold: number;
  /** Evaluation times in increasing order, as a rule group's ticks. */
  evalTimesSeconds: readonly number[];
  series: readonly SeriesPoint[];
};

/**
 * What one evaluation left behind. A retained resolved alert reads as "inactive" with its
 * activeAt and resolvedAt (it is still in Prometheus's `r.active` and still sent to
 * Alertmanager as resolved); with no alert kept at all, activeAt is null.
 */
export type AlertSnapshot = {
  evalTimeSeconds: number;
  state: AlertState;
  activeAtSeconds: number | null;
  resolvedAtSeconds?: number;
};

/** Replays a rule over a series, one snapshot per evaluation time. */
export function evaluateAlertTimeline(input: AlertTimelineInput): AlertSnapshot[] {
  let alert: TrackedAlert | undefined;
  return input.evalTimesSeconds.map((evalTimeSeconds) => {
    const value = findValueAtEvalTime(input.series, evalTimeSeconds);
    alert = evaluateAlert(alert, isConditionMet(value, input.comparator, input.threshold), evalTimeSeconds, input);
    return toSnapshot(alert, evalTimeSeconds);
  });
}

function toSnapshot(alert: TrackedAlert | undefined, evalTimeSeconds: number): AlertSnapshot {
  if (alert === undefined) return { evalTimeSeconds, state: "inactive", activeAtSeconds: null };
  if (alert.state === "inactive") {
    return {
      evalTimeSeconds,
      state: "inactive",
      activeAtSeconds: alert.activeAtSeconds,
      resolvedAtSeconds: alert.resolvedAtSeconds,
    };
  }
  return { evalTimeSeconds, state: alert.state, activeAtSeconds: alert.activeAtSeconds };
}
