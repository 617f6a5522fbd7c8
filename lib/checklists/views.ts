import type { PlatformRole } from "@/lib/auth/roles";
import { digestOf } from "./evidence";
import type { DrillRow, EventRow, LoadTestRow, RunRow } from "./repo";
import type { DrillOutput, EventSummary, ItemOutput, LoadTestOutput, RunOutput, VerificationOutput } from "./schemas";
import { CHECK_DESCRIPTIONS, findTemplate, findTemplateItem } from "./templates";

// Rows → API output, and who may do what. Pure.

/** Who ticks items, verifies them, opens events and records drills and load tests (admins pass too). */
export const CHECKLIST_EDITOR_ROLES: readonly PlatformRole[] = ["sre"];
/** Who may re-open a signed checklist as a new revision. */
export const REOPEN_ROLES: readonly PlatformRole[] = ["sre", "manager"];
export const NOT_AN_EDITOR_REASON = "only SREs and admins tick checklist items";
/** Sign-off is the manager's attestation: no other role, admin included, may give it. */
export const NOT_A_MANAGER_REASON = "only platform managers (and platform admins) can sign off a checklist";
/** Who may sign off: platform managers, and platform admins, who may do everything. */
export const SIGN_OFF_ROLES: readonly PlatformRole[] = ["manager"];

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toItemOutput(kind: RunRow["kind"], item: RunRow["items"][number]): ItemOutput {
  const template = findTemplateItem(kind, item.key);
  return {
    key: item.key,
    label: template?.label ?? item.key,
    check: template?.check ?? null,
    checkDescription: template?.check ? CHECK_DESCRIPTIONS[template.check] : null,
    done: item.done,
    doneAt: iso(item.doneAt),
    doneBy: item.doneByEmail,
    note: item.note,
    link: item.link,
    metrics: (item.metrics as ItemOutput["metrics"]) ?? null,
    verification: (item.verification as VerificationOutput | null) ?? null,
  };
}

export function toRunOutput(run: RunRow): RunOutput {
  const items = run.items.map((item) => toItemOutput(run.kind, item));
  return {
    id: run.id,
    eventId: run.eventId,
    kind: run.kind,
    title: findTemplate(run.kind).title,
    revision: run.revision,
    status: run.status,
    openedAt: run.openedAt.toISOString(),
    openedBy: run.openedByEmail,
    reopenReason: run.reopenReason,
    signedAt: iso(run.signedAt),
    signedBy: run.signedByEmail,
    evidenceDigest: run.evidenceDigest,
    digestMatches: run.evidence === null || run.evidenceDigest === null ? null : digestOf(run.evidence) === run.evidenceDigest,
    signAuditId: run.signAuditId,
    progress: { done: items.filter((item) => item.done).length, total: items.length },
    openItems: items.filter((item) => !item.done).map((item) => item.key),
    items,
  };
}

/** The newest revision of each checklist of one event, in template order. */
export function latestRuns(runs: RunRow[]): RunRow[] {
  const latest = new Map<RunRow["kind"], RunRow>();
  for (const run of runs) {
    const current = latest.get(run.kind);
    if (!current || run.revision > current.revision) latest.set(run.kind, run);
  }
  return (["pre_scaling", "implementation", "post_scaling"] as const).flatMap((kind) => latest.get(kind) ?? []);
}

export function progressOf(runs: RunRow[]): EventSummary["progress"] {
  const latest = latestRuns(runs);
  return {
    done: latest.reduce((total, run) => total + run.items.filter((item) => item.done).length, 0),
    total: latest.reduce((total, run) => total + run.items.length, 0),
    signed: latest.filter((run) => run.status === "signed").length,
    checklists: latest.length,
  };
}

export function toEventOutput(event: EventRow) {
  return { id: event.id, reason: event.reason, source: event.source, openedAt: event.openedAt.toISOString(), openedBy: event.openedByEmail, details: event.details ?? null };
}

export function toEventSummary(event: EventRow, runs: RunRow[]): EventSummary {
  return {
    ...toEventOutput(event),
    progress: progressOf(runs),
    checklists: latestRuns(runs).map((run) => ({
      kind: run.kind,
      title: findTemplate(run.kind).title,
      revision: run.revision,
      status: run.status,
      done: run.items.filter((item) => item.done).length,
      total: run.items.length,
    })),
  };
}

export function toDrillOutput(drill: DrillRow): DrillOutput {
  return { id: drill.id, kind: drill.kind, at: drill.at.toISOString(), succeeded: drill.succeeded, summary: drill.summary, recordedBy: drill.recordedByEmail };
}

export function toLoadTestOutput(result: LoadTestRow): LoadTestOutput {
  const { recordedByEmail, at, ...rest } = result;
  return { ...rest, at: at.toISOString(), recordedBy: recordedByEmail };
}
