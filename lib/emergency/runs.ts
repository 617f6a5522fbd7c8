import type { Prisma } from "@/generated/prisma/client";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import type { PlatformCtx } from "@/lib/http/define-route";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from "@/lib/http/errors";
import { z } from "zod";
import type { AnyProcedure } from "./procedure";
import { findProcedure, procedures } from "./registry";
import { recordRunAudit, startRun } from "./run-executor";
import { findActiveRuns, findLastFinishedRuns, findRun, findRunByIdempotencyKey, findRunPage, insertRun, transitionRun, type RunRow } from "./run-repo";
import { toRunOutput } from "./run-view";
import type { ProcedureListOutput, ProcedurePreviewOutput, ProcedureRunOutput, RunHistoryOutput, RunHistoryQuery, RunRequestInput } from "./schemas";

/** Who may preview, run and approve procedures: SREs and admins (platform admins always pass). */
export const RUNNER_ROLES: readonly PlatformRole[] = ["sre"];

type Ctx = Pick<PlatformCtx, "role" | "requestId" | "viewer" | "db"> & Partial<Pick<PlatformCtx, "http">>;

function actorOf(ctx: Ctx) {
  return { userId: ctx.viewer.user.id, email: ctx.viewer.user.email };
}

function procedureOrThrow(id: string): AnyProcedure {
  const procedure = findProcedure(id);
  if (!procedure) throw new NotFoundError(`no emergency procedure ${id}`);
  return procedure;
}

/** The procedure's own input schema, failing as a 422 that names each field. */
function parseInput(procedure: AnyProcedure, input: unknown): unknown {
  const parsed = procedure.inputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors: FieldError[] = parsed.error.issues.map((issue) => ({ path: ["body", "input", ...issue.path.map(String)].join("."), message: issue.message }));
  throw new ValidationError(`invalid input for ${procedure.name}: ${errors.map((error) => `${error.path}: ${error.message}`).join("; ")}`, { extra: { errors } });
}

export async function listProcedures(ctx: Ctx): Promise<ProcedureListOutput> {
  const all = procedures();
  const [active, last, states] = await Promise.all([
    findActiveRuns(ctx.db.primary),
    findLastFinishedRuns(ctx.db.primary, all.map((procedure) => procedure.id)),
    Promise.all(all.map((procedure) => (procedure.currentState ? procedure.currentState().catch(() => null) : Promise.resolve(null)))),
  ]);
  return {
    canRun: hasPlatformRole(ctx.role, RUNNER_ROLES),
    procedures: all.map((procedure, index) => {
      const activeRun = active.find((run) => run.procedure === procedure.id);
      const lastRun = last.find((run) => run.procedure === procedure.id);
      return {
        id: procedure.id,
        name: procedure.name,
        description: procedure.description,
        runbook: procedure.runbook,
        requiresSecondApproval: procedure.requiresSecondApproval,
        requiresDataLossAcknowledgement: procedure.requiresDataLossAcknowledgement,
        currentState: states[index] ?? null,
        activeRun: activeRun ? toRunOutput(activeRun) : null,
        lastRun: lastRun ? toRunOutput(lastRun) : null,
      };
    }),
  };
}

export async function previewProcedure(ctx: Ctx, id: string, rawInput: unknown): Promise<ProcedurePreviewOutput> {
  const procedure = procedureOrThrow(id);
  return procedure.preview(parseInput(procedure, rawInput), { actor: actorOf(ctx) });
}

/** The same key from the same person for the same procedure is a repeat; anyone else's use is a conflict. */
function replayOrConflict(existing: RunRow, ctx: Ctx, procedureId: string): ProcedureRunOutput {
  if (existing.requestedByUserId !== ctx.viewer.user.id || existing.procedure !== procedureId) {
    throw new ConflictError("this idempotency key was already used for another request; generate a new one");
  }
  return toRunOutput(existing);
}

function checkConfirmation(procedure: AnyProcedure, body: RunRequestInput): void {
  const errors: FieldError[] = [];
  if (body.confirmation.trim() !== procedure.name) errors.push({ path: "body.confirmation", message: `type the procedure's name exactly: "${procedure.name}"` });
  if (procedure.requiresDataLossAcknowledgement && body.dataLossAcknowledged !== true) {
    errors.push({ path: "body.dataLossAcknowledged", message: "this procedure can lose acknowledged writes; acknowledge that explicitly" });
  }
  if (errors.length > 0) throw new ValidationError(errors.map((error) => error.message).join("; "), { extra: { errors } });
}

function isUniqueViolation(error: unknown): boolean {
  const record = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return record?.code === "P2002" || record?.meta?.driverAdapterError?.cause?.originalCode === "23505";
}

/**
 * Requests a run: confirmation, step-up and a fresh preview without blockers first. Runs at once
 * unless a second person must approve. A repeated idempotency key returns the first run.
 */
export async function requestRun(ctx: Ctx, id: string, body: RunRequestInput): Promise<ProcedureRunOutput> {
  const procedure = procedureOrThrow(id);
  const repeat = await findRunByIdempotencyKey(ctx.db.primary, body.idempotencyKey);
  if (repeat) return replayOrConflict(repeat, ctx, procedure.id);
  const input = parseInput(procedure, body.input);
  checkConfirmation(procedure, body);
  const preview = await procedure.preview(input, { actor: actorOf(ctx) });
  if (preview.blockers.length > 0) throw new ConflictError(`${procedure.name} cannot run now: ${preview.blockers.join("; ")}`, { extra: { blockers: preview.blockers } });
  let row: RunRow;
  try {
    row = await ctx.db.primary.$transaction(async (tx) => {
      const created = await insertRun(tx, {
        procedure: procedure.id,
        tenantId: null,
        input: input as Prisma.InputJsonValue,
        preview: preview as unknown as Prisma.InputJsonValue,
        status: procedure.requiresSecondApproval ? "awaiting_approval" : "requested",
        requestedByUserId: ctx.viewer.user.id,
        requestedByEmail: ctx.viewer.user.email,
        idempotencyKey: body.idempotencyKey,
        dataLossAcknowledged: body.dataLossAcknowledged === true,
        requestId: ctx.requestId,
      });
      await recordRunAudit(tx, created, "procedure_run.request", { status: created.status, preview: preview as unknown as Prisma.InputJsonValue, dataLossAcknowledged: created.dataLossAcknowledged });
      return created;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent double submit committed first, or another run of this procedure is active.
    const raced = await findRunByIdempotencyKey(ctx.db.primary, body.idempotencyKey);
    if (raced) return replayOrConflict(raced, ctx, procedure.id);
    throw new ConflictError(`${procedure.name} is already running or waiting for approval; one run at a time`, { cause: error });
  }
  if (row.status === "requested") startRun(row);
  return toRunOutput(row);
}

/** A second sre/admin approves a run waiting for approval; it then starts. */
export async function approveRun(ctx: Ctx, runId: string): Promise<ProcedureRunOutput> {
  const run = await findRun(ctx.db.primary, runId);
  if (!run) throw new NotFoundError(`no procedure run ${runId}`);
  if (run.requestedByUserId === ctx.viewer.user.id) throw new ForbiddenError("a second person must approve: the requester cannot approve their own run");
  if (run.status !== "awaiting_approval") throw new ConflictError(`the run is ${run.status.replace("_", " ")}, not waiting for approval`);
  const approved = await ctx.db.primary.$transaction(async (tx) => {
    const moved = await transitionRun(tx, runId, ["awaiting_approval"], "running", {
      approvedByUserId: ctx.viewer.user.id,
      approvedByEmail: ctx.viewer.user.email,
      approvedAt: new Date(),
      startedAt: new Date(),
    });
    if (!moved) throw new ConflictError("the run was approved, cancelled or expired meanwhile");
    await recordRunAudit(tx, moved, "procedure_run.approve", { status: "running", approvedBy: ctx.viewer.user.email, requestedBy: moved.requestedByEmail }, actorOf(ctx), ctx.requestId);
    return moved;
  });
  startRun(approved);
  return toRunOutput(approved);
}

/** Withdraws a run still waiting for approval (its requester or another sre/admin). */
export async function cancelRun(ctx: Ctx, runId: string): Promise<ProcedureRunOutput> {
  const cancelled = await ctx.db.primary.$transaction(async (tx) => {
    const moved = await transitionRun(tx, runId, ["awaiting_approval"], "failed", { error: `cancelled by ${ctx.viewer.user.email}`, finishedAt: new Date() });
    if (!moved) {
      if (!(await findRun(tx, runId))) throw new NotFoundError(`no procedure run ${runId}`);
      throw new ConflictError("only a run waiting for approval can be cancelled");
    }
    await recordRunAudit(tx, moved, "procedure_run.cancel", { status: "failed", cancelledBy: ctx.viewer.user.email }, actorOf(ctx), ctx.requestId);
    return moved;
  });
  return toRunOutput(cancelled);
}

export async function getRun(ctx: Ctx, runId: string): Promise<ProcedureRunOutput> {
  // The primary: progress written a moment ago must show on the next poll.
  const run = await findRun(ctx.db.primary, runId);
  if (!run) throw new NotFoundError(`no procedure run ${runId}`);
  return toRunOutput(run);
}

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export async function listRuns(ctx: Ctx, query: RunHistoryQuery): Promise<RunHistoryOutput> {
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const rows = await ctx.db.read((client) =>
    findRunPage(client, { procedure: query.procedure, status: query.status }, after ? { createdAt: new Date(after[0]), id: after[1] } : null, query.limit),
  );
  return toPage(rows, query.limit, toRunOutput, (row) => [row.createdAt.toISOString(), row.id]);
}

