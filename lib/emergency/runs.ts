import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import { isPrimaryUnavailable, journalRunChange, journalRunRequest, journalState, runAsJournaled, type JournalState } from "@/lib/break-glass";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import type { PlatformCtx } from "@/lib/http/define-route";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from "@/lib/http/errors";
import { z } from "zod";
import { BREAK_GLASS_PROCEDURES, type AnyProcedure } from "./procedure";
import { findProcedure, procedures } from "./registry";
import { recordRunAudit, runAuditEntry, startRun } from "./run-executor";
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

const ACTIVE_STATUSES: readonly RunRow["status"][] = ["requested", "awaiting_approval", "running"];

/**
 * Runs as they stand: the primary's rows (a replica's while it is down) with the break-glass
 * journal's runs and changes on top.
 */
function withJournal(state: JournalState, rows: RunRow[]): RunRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of [...state.createdRuns.keys(), ...state.runChanges.keys()]) {
    const row = runAsJournaled(state, id, byId.get(id) ?? null);
    if (row) byId.set(id, row);
  }
  return [...byId.values()];
}

/** One run wherever it is freshest, with the database's own row for a journaled change. */
async function locateRun(ctx: Ctx, runId: string): Promise<{ row: RunRow | null; databaseRow: RunRow | null }> {
  const [databaseRow, state] = await Promise.all([ctx.db.readFresh((client) => findRun(client, runId)), journalState()]);
  return { row: runAsJournaled(state, runId, databaseRow), databaseRow };
}

async function findRunByKey(ctx: Ctx, idempotencyKey: string): Promise<RunRow | null> {
  const [databaseRow, state] = await Promise.all([ctx.db.readFresh((client) => findRunByIdempotencyKey(client, idempotencyKey)), journalState()]);
  if (databaseRow) return runAsJournaled(state, databaseRow.id, databaseRow);
  const journaled = [...state.createdRuns.values()].find((run) => run.idempotencyKey === idempotencyKey);
  return journaled ? runAsJournaled(state, journaled.id, null) : null;
}

/** The change goes to the break-glass journal: the procedure may run without the primary, and the primary is down. */
function journalsNow(ctx: Ctx, procedureId: string): boolean {
  return BREAK_GLASS_PROCEDURES.has(procedureId) && !ctx.db.primaryReachable();
}

export async function listProcedures(ctx: Ctx): Promise<ProcedureListOutput> {
  const all = procedures();
  const [databaseActive, databaseLast, states, journal] = await Promise.all([
    ctx.db.readFresh((client) => findActiveRuns(client)),
    ctx.db.readFresh((client) => findLastFinishedRuns(client, all.map((procedure) => procedure.id))),
    Promise.all(all.map((procedure) => (procedure.currentState ? procedure.currentState().catch(() => null) : Promise.resolve(null)))),
    journalState(),
  ]);
  const runs = withJournal(journal, [...databaseActive, ...databaseLast]);
  const active = runs.filter((run) => ACTIVE_STATUSES.includes(run.status));
  const last = runs.filter((run) => !ACTIVE_STATUSES.includes(run.status)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
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
  const repeat = await findRunByKey(ctx, body.idempotencyKey);
  if (repeat) return replayOrConflict(repeat, ctx, procedure.id);
  const input = parseInput(procedure, body.input);
  checkConfirmation(procedure, body);
  const preview = await procedure.preview(input, { actor: actorOf(ctx) });
  if (preview.blockers.length > 0) throw new ConflictError(`${procedure.name} cannot run now: ${preview.blockers.join("; ")}`, { extra: { blockers: preview.blockers } });
  const fields = {
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
  } satisfies Prisma.ProcedureRunUncheckedCreateInput;
  const requestAudit = (run: RunRow) => ({ status: run.status, preview: preview as unknown as Prisma.InputJsonValue, dataLossAcknowledged: run.dataLossAcknowledged });
  if (journalsNow(ctx, procedure.id)) return requestInJournal(ctx, procedure, fields, requestAudit);
  let row: RunRow;
  try {
    row = await ctx.db.primary.$transaction(async (tx) => {
      const created = await insertRun(tx, fields);
      await recordRunAudit(tx, created, "procedure_run.request", requestAudit(created));
      return created;
    });
  } catch (error) {
    if (BREAK_GLASS_PROCEDURES.has(procedure.id) && isPrimaryUnavailable(error)) return requestInJournal(ctx, procedure, fields, requestAudit);
    if (!isUniqueViolation(error)) throw error;
    // A concurrent double submit committed first, or another run of this procedure is active.
    const raced = await findRunByIdempotencyKey(ctx.db.primary, body.idempotencyKey);
    if (raced) return replayOrConflict(raced, ctx, procedure.id);
    throw new ConflictError(`${procedure.name} is already running or waiting for approval; one run at a time`, { cause: error });
  }
  if (row.status === "requested") startRun(row);
  return toRunOutput(row);
}

/**
 * A run requested while the primary is unreachable: kept in the break-glass journal, under its
 * lock, refused while another run of the procedure is active there or on the replica.
 */
async function requestInJournal(
  ctx: Ctx,
  procedure: AnyProcedure,
  fields: Omit<RunRow, "id" | "input" | "preview" | "approvedByUserId" | "approvedByEmail" | "progress" | "outcome" | "error" | "createdAt" | "approvedAt" | "startedAt" | "finishedAt" | "updatedAt"> & {
    input: Prisma.InputJsonValue;
    preview: Prisma.InputJsonValue;
  },
  auditOf: (run: RunRow) => Prisma.InputJsonValue,
): Promise<ProcedureRunOutput> {
  const now = new Date();
  const run: RunRow = {
    ...fields,
    id: randomUUID(),
    input: fields.input as Prisma.JsonValue,
    preview: fields.preview as Prisma.JsonValue,
    approvedByUserId: null,
    approvedByEmail: null,
    progress: null,
    outcome: null,
    error: null,
    createdAt: now,
    approvedAt: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  };
  const databaseActive = await ctx.db.readFresh((client) => findActiveRuns(client));
  const { row, repeated } = await journalRunRequest(run, runAuditEntry(run, "procedure_run.request", auditOf(run)), (state) =>
    withJournal(state, databaseActive).some((other) => other.procedure === procedure.id && ACTIVE_STATUSES.includes(other.status))
      ? new ConflictError(`${procedure.name} is already running or waiting for approval; one run at a time`)
      : null,
  );
  if (repeated) return replayOrConflict(row, ctx, procedure.id);
  if (row.status === "requested") startRun(row, { journaled: true });
  return toRunOutput(row);
}

/** A second sre/admin approves a run waiting for approval; it then starts. */
export async function approveRun(ctx: Ctx, runId: string): Promise<ProcedureRunOutput> {
  const { row: run, databaseRow } = await locateRun(ctx, runId);
  if (!run) throw new NotFoundError(`no procedure run ${runId}`);
  if (run.requestedByUserId === ctx.viewer.user.id) throw new ForbiddenError("a second person must approve: the requester cannot approve their own run");
  if (run.status !== "awaiting_approval") throw new ConflictError(`the run is ${run.status.replace("_", " ")}, not waiting for approval`);
  const auditAfter = { status: "running", approvedBy: ctx.viewer.user.email, requestedBy: run.requestedByEmail };
  const approveInJournal = async () => {
    const at = new Date().toISOString();
    const moved = await journalRunChange(
      runId,
      databaseRow,
      ["awaiting_approval"],
      { status: "running", approvedByUserId: ctx.viewer.user.id, approvedByEmail: ctx.viewer.user.email, approvedAt: at, startedAt: at },
      (current) => runAuditEntry(current, "procedure_run.approve", auditAfter, actorOf(ctx), ctx.requestId),
    );
    if (!moved) throw new ConflictError("the run was approved, cancelled or expired meanwhile");
    startRun(moved, { journaled: true });
    return toRunOutput(moved);
  };
  // A run the journal holds stays there until it is replayed into the primary.
  const inJournalOnly = databaseRow === null;
  if (inJournalOnly || journalsNow(ctx, run.procedure)) return approveInJournal();
  let approved: RunRow;
  try {
    approved = await ctx.db.primary.$transaction(async (tx) => {
      const moved = await transitionRun(tx, runId, ["awaiting_approval"], "running", {
        approvedByUserId: ctx.viewer.user.id,
        approvedByEmail: ctx.viewer.user.email,
        approvedAt: new Date(),
        startedAt: new Date(),
      });
      if (!moved) throw new ConflictError("the run was approved, cancelled or expired meanwhile");
      await recordRunAudit(tx, moved, "procedure_run.approve", auditAfter, actorOf(ctx), ctx.requestId);
      return moved;
    });
  } catch (error) {
    if (BREAK_GLASS_PROCEDURES.has(run.procedure) && isPrimaryUnavailable(error)) return approveInJournal();
    throw error;
  }
  startRun(approved);
  return toRunOutput(approved);
}

/** Withdraws a run still waiting for approval (its requester or another sre/admin). */
export async function cancelRun(ctx: Ctx, runId: string): Promise<ProcedureRunOutput> {
  const { row: run, databaseRow } = await locateRun(ctx, runId);
  if (!run) throw new NotFoundError(`no procedure run ${runId}`);
  if (databaseRow === null || journalsNow(ctx, run.procedure)) {
    const moved = await journalRunChange(runId, databaseRow, ["awaiting_approval"], { status: "failed", error: `cancelled by ${ctx.viewer.user.email}`, finishedAt: new Date().toISOString() }, (current) =>
      runAuditEntry(current, "procedure_run.cancel", { status: "failed", cancelledBy: ctx.viewer.user.email }, actorOf(ctx), ctx.requestId),
    );
    if (!moved) throw new ConflictError("only a run waiting for approval can be cancelled");
    return toRunOutput(moved);
  }
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
  // The primary (or the journal): progress written a moment ago must show on the next poll.
  const { row: run } = await locateRun(ctx, runId);
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

