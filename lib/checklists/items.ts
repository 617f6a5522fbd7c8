import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import type { PlatformRole } from "@/lib/auth/roles";
import type { DbAccess } from "@/lib/db/access";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { runCheck, type Verification } from "./checks";
import { lockEditableRun } from "./guards";
import { snapshotKeyMetrics } from "./key-metrics";
import { findEvent, findRun, JSON_NONE, updateItem, type RunRow } from "./repo";
import type { RunOutput, UpdateItemInput } from "./schemas";
import { findTemplateItem } from "./templates";
import { toRunOutput } from "./views";

type WriteCtx = { db: DbAccess; role: PlatformRole; requestId: string; viewer: { user: { id: string; email: string } } };

function findItem(run: RunRow, key: string) {
  const item = run.items.find((candidate) => candidate.key === key);
  const template = findTemplateItem(run.kind, key);
  if (!item || !template) throw new NotFoundError(`checklist ${run.kind} has no item ${key}`);
  return { item, template };
}

const itemState = (item: RunRow["items"][number]) => ({ done: item.done, note: item.note, link: item.link, hasMetrics: item.metrics !== null, verified: item.verification !== null });

/**
 * Ticks or unticks an item with optional evidence (note, link, a snapshot of the key metrics now).
 * Items the system verifies take no tick: they are done only through verifyChecklistItem.
 */
export async function updateChecklistItem(ctx: WriteCtx, runId: string, key: string, input: UpdateItemInput): Promise<RunOutput> {
  // Read outside the transaction: the metrics come from history, not from the rows we lock.
  const metrics = input.attachMetrics ? await snapshotKeyMetrics() : undefined;
  await ctx.db.primary.$transaction(async (tx) => {
    const run = await lockEditableRun(tx, runId);
    const { item, template } = findItem(run, key);
    if (input.done && template.check && !item.done) {
      const message = "is verified from live data: use verify instead of ticking it";
      throw new ValidationError(`${key} ${message}`, { extra: { errors: [{ path: "json.done", message }] } });
    }
    const keepsVerification = input.done && item.verification !== null;
    const updated = await updateItem(tx, item.id, {
      done: input.done,
      doneAt: input.done ? (item.done ? item.doneAt : new Date()) : null,
      doneByEmail: input.done ? (item.done ? item.doneByEmail : ctx.viewer.user.email) : null,
      note: input.note === undefined ? item.note : input.note || null,
      link: input.link === undefined ? item.link : input.link,
      metrics: metrics ?? (item.metrics === null ? JSON_NONE : item.metrics),
      verification: keepsVerification ? item.verification! : JSON_NONE,
    });
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: input.done ? "checklist.item_done" : "checklist.item_undone",
      target: `checklist_run:${runId}/${key}`,
      before: itemState(item),
      after: itemState(updated),
      requestId: ctx.requestId,
    });
  });
  return toRunOutput((await findRun(ctx.db.primary, runId))!);
}

/**
 * Runs the item's check against live data and, when it passes, marks the item done with what the
 * check saw frozen into it. A failed check changes nothing and answers 422 with the evidence.
 */
export async function verifyChecklistItem(ctx: WriteCtx, runId: string, key: string, nowMs = Date.now()): Promise<RunOutput> {
  const before = await findRun(ctx.db.primary, runId);
  if (!before) throw new NotFoundError(`no checklist run ${runId}`);
  const { template } = findItem(before, key);
  if (!template.check) throw new ValidationError(`${key} is not verified by the system; tick it instead`, { extra: { errors: [{ path: "params.key", message: "has no automatic check" }] } });
  const event = await findEvent(ctx.db.primary, before.eventId);
  if (!event) throw new NotFoundError(`no scaling event ${before.eventId}`);
  const verification: Verification = await runCheck(ctx, template.check, event.openedAt, nowMs);
  if (!verification.passed) {
    throw new ValidationError(`${key} could not be verified: ${verification.detail}`, { extra: { errors: [{ path: "params.key", message: verification.detail }], verification } });
  }
  await ctx.db.primary.$transaction(async (tx) => {
    const run = await lockEditableRun(tx, runId);
    const { item } = findItem(run, key);
    await updateItem(tx, item.id, {
      done: true,
      doneAt: new Date(nowMs),
      doneByEmail: ctx.viewer.user.email,
      note: item.note,
      link: item.link,
      metrics: item.metrics === null ? JSON_NONE : item.metrics,
      verification: verification as Prisma.InputJsonValue,
    });
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "checklist.item_verified",
      target: `checklist_run:${runId}/${key}`,
      before: itemState(item),
      after: { check: verification.check, value: verification.value as Prisma.InputJsonValue, detail: verification.detail, at: verification.at },
      requestId: ctx.requestId,
    });
  });
  return toRunOutput((await findRun(ctx.db.primary, runId))!);
}
