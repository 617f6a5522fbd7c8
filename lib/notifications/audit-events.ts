import { describeTime, type NotificationEvent } from "./rules";

// Which audit entries are worth a person's attention, and whose: the audit log already records
// every override reminder, procedure run and checklist tick, in commit order (seq), so the
// notifier reads it instead of each domain calling into this one.

export type AuditEntryView = {
  seq: bigint;
  at: Date;
  actorUserId: string;
  actorEmail: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
};

/** The actions the notifier reads; everything else in the log is skipped by the query. */
export const NOTIFYING_ACTIONS = [
  "override.reminder",
  "override.expire",
  "procedure_run.request",
  "procedure_run.succeed",
  "procedure_run.fail",
  "procedure_run.abandon",
  "checklist.item_done",
  "checklist.item_verified",
] as const;

const field = (value: unknown, name: string): unknown => (value && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined);
const text = (value: unknown, name: string, fallback = ""): string => {
  const found = field(value, name);
  return typeof found === "string" ? found : fallback;
};

/** The notification an audit entry calls for, or null when it calls for none. */
export function eventFromAuditEntry(entry: AuditEntryView): NotificationEvent | null {
  const base = { key: `audit:${entry.seq}`, occurredAt: entry.at.toISOString() };
  const procedure = text(entry.before, "procedure", "a procedure");
  switch (entry.action) {
    case "override.reminder": {
      const what = `${text(entry.after, "kind")} override (${text(entry.after, "scope")})`;
      return {
        ...base,
        kind: "override.reminder",
        severity: "warning",
        title: `Your ${what} lapses soon`,
        body: `It ends at ${describeTime(text(entry.after, "expiresAt"))} unless you extend it or end it yourself.`,
        link: "/ops/emergency",
        recipients: { userIds: [entry.actorUserId], roles: [] },
        details: { target: entry.target, ...(entry.after as object) },
      };
    }
    case "override.expire":
      return {
        ...base,
        kind: "override.expired",
        severity: "info",
        title: `Your ${text(entry.after, "kind")} override (${text(entry.after, "scope")}) has lapsed`,
        body: "It reached its expiry time and normal operation is restored.",
        link: "/ops/emergency",
        recipients: { userIds: [entry.actorUserId], roles: [] },
        details: { target: entry.target, owner: text(entry.after, "owner") },
      };
    case "procedure_run.request":
      if (text(entry.after, "status") !== "awaiting_approval") return null;
      return {
        ...base,
        kind: "approval.requested",
        severity: "warning",
        title: `${procedure} waits for a second approver`,
        body: `${entry.actorEmail} asked to run it; another sre or admin must approve before it starts.`,
        link: "/ops/emergency",
        recipients: { userIds: [], roles: ["sre", "admin"], exceptUserIds: [entry.actorUserId] },
        details: { target: entry.target, requestedBy: entry.actorEmail, procedure },
      };
    case "procedure_run.succeed":
    case "procedure_run.fail":
    case "procedure_run.abandon": {
      const outcome = entry.action === "procedure_run.succeed" ? "succeeded" : entry.action === "procedure_run.fail" ? "failed" : "was abandoned";
      const error = text(entry.after, "error");
      return {
        ...base,
        kind: "procedure.result",
        severity: outcome === "succeeded" ? "info" : "warning",
        title: `${procedure} ${outcome}`,
        body: error || "See the run's steps and audit entry on the emergency page.",
        link: "/ops/emergency",
        recipients: { userIds: [entry.actorUserId], roles: [] },
        details: { target: entry.target, outcome },
      };
    }
    case "checklist.item_done":
    case "checklist.item_verified": {
      const item = entry.target.split("/").at(-1) ?? entry.target;
      return {
        ...base,
        kind: "checklist.sign_off_waiting",
        severity: "info",
        title: `Checklist item “${item}” waits for sign-off`,
        body: `${entry.actorEmail} ${entry.action === "checklist.item_verified" ? "verified" : "ticked"} it; a manager signs the checklist off.`,
        link: "/ops/checklists",
        recipients: { userIds: [], roles: ["manager", "admin"], exceptUserIds: [entry.actorUserId] },
        details: { target: entry.target, by: entry.actorEmail },
      };
    }
    default:
      return null;
  }
}
