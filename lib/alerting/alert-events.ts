import { logger } from "@/lib/logging/logger";

// The rule evaluator's alerts as events inside this process: whoever delivers alerts (the
// Alertmanager sender, the notification center, webhooks) subscribes here, so the evaluator
// knows none of them. Emitted only after the evaluation's transaction has committed.

/** `firing`: pending (or a fresh breach with `for: 0`) turned firing; `resolved`: firing turned inactive. */
export type AlertTransitionKind = "firing" | "resolved";

export type AlertTransitionEvent = {
  kind: AlertTransitionKind;
  ruleId: string;
  /** The alert's name, as Alertmanager's `alertname` label. */
  name: string;
  severity: "warning" | "critical";
  /** The value the evaluation saw, in the rule's unit; null when no sample was within the lookback. */
  value: number | null;
  comparator: string;
  threshold: number;
  /** When the condition first held (Prometheus's activeAt). */
  startsAt: Date;
  /** When the alert resolved; null while firing. */
  endsAt: Date | null;
  /** The evaluation that made the change. */
  at: Date;
  /** The rule's place in the ops UI, relative to the app's URL. */
  rulePath: string;
};

export type AlertTransitionListener = (event: AlertTransitionEvent) => void | Promise<void>;

const listeners = new Set<AlertTransitionListener>();

/** Calls `listener` for every alert transition; returns the function that unsubscribes it. */
export function onAlertTransition(listener: AlertTransitionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A rule id as an alert name the way Prometheus rules spell them: `db-pool-saturated` is `DbPoolSaturated`. */
export function alertNameOf(ruleId: string): string {
  return ruleId
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** The ops UI anchor of a rule's card. */
export function rulePathOf(ruleId: string): string {
  return `/ops/thresholds#rule-${ruleId}-title`;
}

/**
 * Hands each event to every listener. A listener that throws or rejects is logged and does not
 * stop the others, nor the evaluator: delivery is the listener's job, evaluation is not.
 */
export function emitAlertTransitions(events: readonly AlertTransitionEvent[]): void {
  for (const event of events) {
    for (const listener of listeners) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((err: unknown) => logger.error("an alert transition listener failed", { ruleId: event.ruleId, kind: event.kind, err }));
      } catch (err) {
        logger.error("an alert transition listener failed", { ruleId: event.ruleId, kind: event.kind, err });
      }
    }
  }
}
