import type { Prisma, PrismaClient } from "@/generated/prisma/client";

// Every Prisma call for the audit log's signed checkpoints (audit_checkpoint). Like the log, the
// table is append-only: there is no update or delete here, and the database refuses both.

type Db = PrismaClient | Prisma.TransactionClient;

const checkpointSelect = { seq: true, hash: true, signature: true, at: true } satisfies Prisma.AuditCheckpointSelect;
export type CheckpointRow = Prisma.AuditCheckpointGetPayload<{ select: typeof checkpointSelect }>;

/** Checkpoints with afterSeq < seq <= upToSeq, in seq order (at most one per seq). */
export async function listCheckpointsBetween(client: Db, afterSeq: bigint, upToSeq: bigint): Promise<CheckpointRow[]> {
  return client.auditCheckpoint.findMany({ where: { seq: { gt: afterSeq, lte: upToSeq } }, orderBy: { seq: "asc" }, select: checkpointSelect });
}

/** The first checkpoint past `seq` (one the chain should reach and does not), or null. */
export async function findCheckpointAfter(client: Db, seq: bigint): Promise<CheckpointRow | null> {
  return client.auditCheckpoint.findFirst({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" }, select: checkpointSelect });
}

export async function findCheckpointAt(client: Db, seq: bigint): Promise<CheckpointRow | null> {
  return client.auditCheckpoint.findUnique({ where: { seq }, select: checkpointSelect });
}

export async function findLatestCheckpoint(client: Db): Promise<CheckpointRow | null> {
  return client.auditCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: checkpointSelect });
}

/** Records a checkpoint; one that already exists for this seq is kept as it is (insert only). */
export async function recordCheckpoint(client: Db, checkpoint: { seq: bigint; hash: string; signature: string }): Promise<void> {
  await client.auditCheckpoint.createMany({ data: [checkpoint], skipDuplicates: true });
}

/** The triggers that refuse changes to checkpoints, and whether each is enabled. */
export async function readCheckpointProtections(client: Db): Promise<{ name: string; enabled: boolean }[]> {
  return client.$queryRaw<{ name: string; enabled: boolean }[]>`
    select tgname as name, tgenabled <> 'D' as enabled from pg_trigger
    where tgrelid = 'audit_checkpoint'::regclass and not tgisinternal`;
}
