import type { Annotation } from "./schemas";
import type { InstanceChangeRow, OverrideAnnotationRow, PolicyChangeRow, PromotionAnnotationRow, RunAnnotationRow, TransitionAnnotationRow } from "./repo";

// Pure conversions of each source's records into chart markers, and the merge. No I/O, no clock.

const iso = (at: Date) => at.toISOString();

export function runAnnotation(run: RunAnnotationRow, procedureName: string): Annotation {
  const at = run.startedAt ?? run.createdAt;
  const outcome = run.status === "failed" ? `failed${run.error ? `: ${run.error}` : ""}` : run.status.replace("_", " ");
  const approval = run.approvedByEmail ? `, approved by ${run.approvedByEmail}` : "";
  const took = run.finishedAt && run.startedAt ? ` in ${Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000)} s` : "";
  return {
    id: `procedure:${run.id}`,
    at: iso(at),
    kind: "procedure",
    severity: run.status === "failed" ? "critical" : "warning",
    title: `${procedureName}: ${run.status === "failed" ? "failed" : run.status.replace("_", " ")}`,
    detail: `requested by ${run.requestedByEmail}${approval}; ${outcome}${took}`,
  };
}

export function alertAnnotation(transition: TransitionAnnotationRow): Annotation {
  const { rule } = transition;
  const value = transition.value === null ? "no value" : `value ${Number(transition.value.toPrecision(4))}`;
  const isFiring = transition.toState === "firing";
  return {
    id: `alert:${transition.id}`,
    at: iso(transition.at),
    kind: "alert",
    severity: isFiring ? (rule.severity === "critical" ? "critical" : "warning") : "info",
    title: `${transition.ruleId}: ${transition.fromState} → ${transition.toState}`,
    detail: `${rule.metric} ${rule.comparator} ${rule.threshold} (${rule.severity}); ${value}`,
  };
}

export function instanceChangeAnnotation(change: InstanceChangeRow): Annotation {
  const isUp = change.value > change.previous;
  return {
    id: `scaling:${change.t.getTime()}`,
    at: iso(change.t),
    kind: "scaling",
    severity: "info",
    title: `instances ${change.previous} → ${change.value}`,
    detail: `the app scaled ${isUp ? "up" : "down"} (autoscaler, an operator or an emergency procedure)`,
  };
}

/** An override gives two markers: when it started and, if inside the window, when it ended. */
export function overrideAnnotations(override: OverrideAnnotationRow, window: { from: Date; to: Date }): Annotation[] {
  const inWindow = (at: Date) => at >= window.from && at <= window.to;
  const what = override.kind === "min-instances" ? `minimum instances raised to ${String((override.payload as { minReplicas?: unknown } | null)?.minReplicas ?? "?")}` : `${override.kind} (${override.scope})`;
  const markers: Annotation[] = [];
  if (inWindow(override.createdAt)) {
    markers.push({ id: `override:${override.id}:start`, at: iso(override.createdAt), kind: "override", severity: "warning", title: `${what}`, detail: `owner ${override.ownerEmail}; expires ${iso(override.expiresAt)}` });
  }
  if (override.endedAt && inWindow(override.endedAt)) {
    const by = override.endedBy === "expiry" ? "expired" : `ended by ${override.endedBy ?? "?"}`;
    markers.push({ id: `override:${override.id}:end`, at: iso(override.endedAt), kind: "override", severity: "info", title: `${what}: over`, detail: `${by}${override.endReason ? ` (${override.endReason})` : ""}` });
  }
  return markers;
}

export function scalingConfigAnnotation(change: PolicyChangeRow): Annotation {
  const what = change.action.startsWith("autoscaling_policy.") ? "autoscaling policy saved" : `threshold rule ${change.action.split(".")[1] ?? "changed"}`;
  return { id: `audit:${change.id}`, at: iso(change.at), kind: "scaling", severity: "info", title: what, detail: `by ${change.actorEmail}` };
}

export function promotionAnnotation(promotion: PromotionAnnotationRow): Annotation {
  const lag = promotion.lagBytes === null ? "unknown" : `${promotion.lagBytes} bytes`;
  return {
    id: `promotion:${promotion.epoch}`,
    at: iso(promotion.promotedAt),
    kind: "promotion",
    severity: "critical",
    title: `${promotion.promotedName} promoted to primary (epoch ${promotion.epoch})`,
    detail: `${promotion.formerHost} → ${promotion.promotedHost}; old primary fenced by ${promotion.formerFencing}; data-loss window ${lag}${promotion.lagSeconds === null ? "" : ` / ${promotion.lagSeconds.toFixed(1)} s`}`,
  };
}

/** Oldest first; past `limit` the newest are kept (they matter most on a live chart). */
export function mergeAnnotations(groups: Annotation[][], limit: number): { annotations: Annotation[]; truncated: boolean } {
  const all = groups.flat().sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1));
  return { annotations: all.slice(Math.max(0, all.length - limit)), truncated: all.length > limit };
}
