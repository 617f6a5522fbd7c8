import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { hasPlatformRole } from "@/lib/auth/roles";
import type { PlatformCtx } from "@/lib/http/define-route";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/http/errors";
import { digestOf } from "./evidence";
import { lockEditableRun, lockRun } from "./guards";
import { snapshotKeyMetrics, type KeyMetricsSnapshot } from "./key-metrics";
import { findEvent, findRun, insertRun, markRunSigned, type RunRow } from "./repo";
import type { ReopenInput, RunOutput } from "./schemas";
import { NOT_A_MANAGER_REASON, REOPEN_ROLES, SIGN_OFF_ROLES, toRunOutput } from "./views";

type SignCtx = Pick<PlatformCtx, "db" | "role" | "requestId" | "viewer">;

/** What a manager signs: the event, every item with its evidence, and the key metrics now. */
function buildEvidenceBundle(run: RunRow, event: { id: string; reason: string; source: string; openedAt: Date }, keyMetrics: KeyMetricsSnapshot, signer: { email: string }, signedAt: Date) {
  const output = toRunOutput(run);
  return {
    event: { id: event.id, reason: event.reason, source: event.source, openedAt: event.openedAt.toISOString() },
    checklist: { runId: run.id, kind: run.kind, title: output.title, revision: run.revision, reopenReason: run.reopenReason },
    items: output.items.map(({ key, label, done, doneAt, doneBy, note, link, metrics, verification }) => ({ key, label, done, doneAt, doneBy, note, link, metrics, verification })),
    keyMetrics,
    signedBy: signer.email,
    signedAt: signedAt.toISOString(),
  };
}

/**
 * Manager sign-off of one checklist revision: only the manager role, only with every item done,
 * only with the password re-entered in the last minutes. Freezes an evidence bundle, records its
 * sha256 in the audit chain, and leaves the revision read-only.
 */
export async function signOffChecklist(ctx: SignCtx, runId: string, nowMs = Date.now()): Promise<RunOutput> {
  if (!hasPlatformRole(ctx.role, SIGN_OFF_ROLES)) throw new ForbiddenError(NOT_A_MANAGER_REASON);
  const keyMetrics = await snapshotKeyMetrics(nowMs);
  const signedAt = new Date(nowMs);
  await ctx.db.primary.$transaction(async (tx) => {
    const run = await lockEditableRun(tx, runId);
    const open = run.items.filter((item) => !item.done).map((item) => item.key);
    if (open.length > 0) {
      throw new ValidationError(`${open.length} item${open.length === 1 ? " is" : "s are"} not done: ${open.join(", ")}`, {
        extra: { errors: open.map((key) => ({ path: `items.${key}`, message: "not done" })), openItems: open },
      });
    }
    const event = await findEvent(tx, run.eventId);
    if (!event) throw new ConflictError(`scaling event ${run.eventId} is gone`);
    const bundle = buildEvidenceBundle(run, event, keyMetrics, ctx.viewer.user, signedAt);
    const digest = digestOf(bundle);
    // The run row is already locked above, so the update after the chain lock waits on nothing.
    const audit = await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "checklist.sign_off",
      target: `checklist_run:${run.id}`,
      before: { status: "open", revision: run.revision },
      after: { status: "signed", kind: run.kind, revision: run.revision, eventId: run.eventId, evidenceDigest: digest },
      requestId: ctx.requestId,
    });
    await markRunSigned(tx, run.id, { signedAt, signedByUserId: ctx.viewer.user.id, signedByEmail: ctx.viewer.user.email, evidence: bundle as Prisma.InputJsonValue, evidenceDigest: digest, signAuditId: audit.id });
  });
  return toRunOutput((await findRun(ctx.db.primary, runId))!);
}

/**
 * Re-opens a signed checklist as the next revision, with a reason. The signed revision stays as
 * it was; the new one starts from its items and evidence, so only what changed needs redoing.
 */
export async function reopenChecklist(ctx: SignCtx, runId: string, input: ReopenInput): Promise<RunOutput> {
  if (!hasPlatformRole(ctx.role, REOPEN_ROLES)) throw new ForbiddenError("only SREs, managers and admins can re-open a checklist");
  const created = await ctx.db.primary.$transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (run.status !== "signed") throw new ConflictError(`${run.kind} revision ${run.revision} is still open; only a signed checklist is re-opened`);
    const next = await insertRun(tx, {
      eventId: run.eventId,
      kind: run.kind,
      revision: run.revision + 1,
      openedByEmail: ctx.viewer.user.email,
      reopenReason: input.reason,
      items: run.items.map((item) => ({
        key: item.key,
        position: item.position,
        done: item.done,
        doneAt: item.doneAt,
        doneByEmail: item.doneByEmail,
        note: item.note,
        link: item.link,
        metrics: (item.metrics ?? undefined) as Prisma.InputJsonValue | undefined,
        verification: (item.verification ?? undefined) as Prisma.InputJsonValue | undefined,
      })),
    });
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "checklist.reopen",
      target: `checklist_run:${next.id}`,
      before: { runId: run.id, revision: run.revision, status: "signed", evidenceDigest: run.evidenceDigest },
      after: { runId: next.id, revision: next.revision, status: "open", reason: input.reason },
      requestId: ctx.requestId,
    });
    return next;
  });
  return toRunOutput(created);
}
