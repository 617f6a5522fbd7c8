import type { Prisma, PrismaClient, ProcedureRunStatus } from "@/generated/prisma/client";

// Every Prisma call for procedure runs. Runs are global operating state: the tenant recorded on
// a run is the one its requester acted in, for the audit trail, not an owner.

type Db = PrismaClient | Prisma.TransactionClient;

export const runSelect = {
  id: true,
  procedure: true,
  tenantId: true,
  input: true,
  preview: true,
  status: true,
  requestedByUserId: true,
  requestedByEmail: true,
  approvedByUserId: true,
  approvedByEmail: true,
  idempotencyKey: true,
  dataLossAcknowledged: true,
  progress: true,
  outcome: true,
  error: true,
  requestId: true,
  createdAt: true,
  approvedAt: true,
  startedAt: true,
  finishedAt: true,
  updatedAt: true,
} satisfies Prisma.ProcedureRunSelect;
export type RunRow = Prisma.ProcedureRunGetPayload<{ select: typeof runSelect }>;

const ACTIVE: ProcedureRunStatus[] = ["requested", "awaiting_approval", "running"];

export async function insertRun(tx: Db, data: Prisma.ProcedureRunUncheckedCreateInput): Promise<RunRow> {
  return tx.procedureRun.create({ data, select: runSelect });
}

export async function findRun(client: Db, id: string): Promise<RunRow | null> {
  return client.procedureRun.findUnique({ where: { id }, select: runSelect });
}

export async function findRunByIdempotencyKey(client: Db, idempotencyKey: string): Promise<RunRow | null> {
  return client.procedureRun.findUnique({ where: { idempotencyKey }, select: runSelect });
}

export async function findActiveRuns(client: Db): Promise<RunRow[]> {
  return client.procedureRun.findMany({ where: { status: { in: ACTIVE } }, orderBy: { createdAt: "asc" }, select: runSelect });
}

/** The newest finished run of each procedure: one query for all cards. */
export async function findLastFinishedRuns(client: Db, procedureIds: string[]): Promise<RunRow[]> {
  const ids = await client.$queryRaw<{ id: string }[]>`
    select distinct on (procedure) id::text from procedure_run
    where procedure = any(${procedureIds}) and status in ('succeeded', 'failed')
    order by procedure, "createdAt" desc, id desc`;
  if (ids.length === 0) return [];
  return client.procedureRun.findMany({ where: { id: { in: ids.map((row) => row.id) } }, select: runSelect });
}

export type RunPageKey = { createdAt: Date; id: string };

/** Newest first, keyset on (createdAt, id); one row more than `limit` tells whether another page exists. */
export async function findRunPage(
  client: Db,
  filter: { procedure?: string; status?: ProcedureRunStatus },
  after: RunPageKey | null,
  limit: number,
): Promise<RunRow[]> {
  return client.procedureRun.findMany({
    where: {
      ...(filter.procedure ? { procedure: filter.procedure } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: runSelect,
  });
}

/**
 * Moves a run from one of `from` to `to` with the given fields; null when it was no longer in
 * any of `from` (someone else moved it first). The status check makes each transition happen once.
 */
export async function transitionRun(
  client: Db,
  id: string,
  from: ProcedureRunStatus[],
  to: ProcedureRunStatus,
  data: Omit<Prisma.ProcedureRunUncheckedUpdateManyInput, "status"> = {},
): Promise<RunRow | null> {
  const { count } = await client.procedureRun.updateMany({ where: { id, status: { in: from } }, data: { ...data, status: to } });
  return count === 0 ? null : findRun(client, id);
}

export async function saveRunProgress(client: Db, id: string, progress: Prisma.InputJsonValue): Promise<void> {
  await client.procedureRun.updateMany({ where: { id, status: "running" }, data: { progress } });
}

/** Keeps `updatedAt` fresh while a run executes, so the sweeper can tell a live run from an orphan. */
export async function touchRun(client: Db, id: string): Promise<void> {
  await client.procedureRun.updateMany({ where: { id, status: "running" }, data: { updatedAt: new Date() } });
}

/** Active runs not touched since `staleBefore` (their process died), or awaiting approval since `approvalBefore`. */
export async function findAbandonedRuns(client: Db, staleBefore: Date, approvalBefore: Date): Promise<RunRow[]> {
  return client.procedureRun.findMany({
    where: {
      OR: [
        { status: { in: ["requested", "running"] }, updatedAt: { lt: staleBefore } },
        { status: "awaiting_approval", createdAt: { lt: approvalBefore } },
      ],
    },
    take: 50,
    select: runSelect,
  });
}
