import type { ThresholdState } from "@/lib/metrics/signals";
import type { RuleHistoryResponse, RuleOutput } from "@/lib/scaling/rules/schemas";

// Pure presentation of a rule: its badge, its state in words, and its alert timeline as chart
// areas. No React, so the tests need no DOM.

type AlertState = RuleOutput["alert"]["state"];

/** The card's badge: firing → critical, pending → warning, no value → no data; null when disabled. */
export function ruleBadgeState(rule: Pick<RuleOutput, "enabled" | "alert">): ThresholdState | null {
  if (!rule.enabled) return null;
  if (rule.alert.state === "firing") return "critical";
  if (rule.alert.state === "pending") return "warning";
  return rule.alert.value === null ? "no-data" : "ok";
}

/** "45 s", "2 min", "1 min 30 s", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  if (total < 3600) {
    const rest = total % 60;
    return `${Math.floor(total / 60)} min${rest ? ` ${rest} s` : ""}`;
  }
  const minutes = Math.floor((total % 3600) / 60);
  return `${Math.floor(total / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
}

/** The alert's state in words, relative to `nowMs`. */
export function describeAlert(rule: Pick<RuleOutput, "enabled" | "alert" | "forSeconds" | "keepFiringForSeconds">, nowMs: number): string {
  const { alert } = rule;
  const since = (iso: string | null) => (iso ? formatDuration((nowMs - Date.parse(iso)) / 1000) : "");
  if (!rule.enabled) return "Disabled: not evaluated";
  if (alert.evaluatedAt === null) return "Not evaluated yet";
  if (alert.state === "firing") {
    return alert.keepFiringSince
      ? `Firing for ${since(alert.activeAt)}; condition cleared ${since(alert.keepFiringSince)} ago, resolves after ${formatDuration(rule.keepFiringForSeconds)}`
      : `Firing for ${since(alert.activeAt)}`;
  }
  if (alert.state === "pending") return `Pending for ${since(alert.activeAt)} of ${formatDuration(rule.forSeconds)}`;
  if (alert.resolvedAt) return `Resolved ${since(alert.resolvedAt)} ago`;
  return alert.value === null ? "No value in the last 5 min" : "Within threshold";
}

export type AlertInterval = { state: "pending" | "firing"; fromMs: number; toMs: number };

/** Where the alert was pending or firing within [fromMs, toMs], from its transitions. */
export function findAlertIntervals(history: Pick<RuleHistoryResponse, "initialState" | "transitions">, fromMs: number, toMs: number): AlertInterval[] {
  const intervals: AlertInterval[] = [];
  let state: AlertState = history.initialState;
  let startMs = fromMs;
  const close = (endMs: number) => {
    const from = Math.max(startMs, fromMs);
    const to = Math.min(endMs, toMs);
    if (state !== "inactive" && to > from) intervals.push({ state, fromMs: from, toMs: to });
  };
  for (const transition of history.transitions) {
    const atMs = Date.parse(transition.at);
    close(atMs);
    state = transition.to;
    startMs = atMs;
  }
  close(toMs);
  return intervals;
}

/** A multi-series signal as the rule sees it: the largest series at each time, in the rule's unit. */
export function toRuleSeries(series: { points: [number, number][] }[], scale: number): [number, number][] {
  const maxByTime = new Map<number, number>();
  for (const entry of series) {
    for (const [t, value] of entry.points) maxByTime.set(t, Math.max(maxByTime.get(t) ?? -Infinity, value * scale));
  }
  return [...maxByTime].sort((a, b) => a[0] - b[0]);
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** A y axis from 0 past `top` in about four round steps: 0/20/40/60/80 %, 0/1/2/3 s. */
export function findNiceAxis(top: number): { max: number; ticks: number[] } {
  if (!(top > 0) || !Number.isFinite(top)) return { max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = NICE_STEPS.map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  const count = Math.ceil(top / step - 1e-9);
  // Rounded to the step's precision, so 0.1 + 0.2 shows as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks = Array.from({ length: count + 1 }, (_, index) => Number((index * step).toFixed(digits)));
  return { max: ticks.at(-1)!, ticks };
}
