import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { noteAcknowledged } from "@/lib/db/acknowledged-writes";

type Db = PrismaClient | Prisma.TransactionClient;

/** What a change records: who, on whose behalf, what, and the state before and after. */
export type AuditEntryInput = {
  actorUserId: string;
  actorEmail: string;
  /** Null for global configuration, which belongs to no tenant. */
  tenantId: string | null;
  /** `domain.verb`, e.g. `scaling_rule.update`. */
  action: string;
  /** `<kind>:<id>`, e.g. `scaling_rule:cpu-high`. */
  target: string;
  before: Prisma.InputJsonValue | null;
  after: Prisma.InputJsonValue | null;
  requestId: string;
};

export type AuditEntryRef = { id: string; at: Date };

const auditRefSelect = { id: true, at: true } satisfies Prisma.AuditEntrySelect;

/**
 * Appends one entry. Pass the transaction that makes the change, so the change and its entry
 * commit together or not at all. The log is append-only: there is deliberately no update or
 * delete here, and the database refuses both.
 *
 * The database chains the entry (seq, prevHash, hash) under a lock it holds until the
 * transaction ends, so make this the transaction's last write: rows locked after it would be
 * held while every other audited change waits for the chain.
 */
export async function recordAudit(tx: Prisma.TransactionClient | PrismaClient, entry: AuditEntryInput): Promise<AuditEntryRef> {
  const { before, after, ...rest } = entry;
  const ref = await tx.auditEntry.create({
    data: { ...rest, before: before ?? undefined, after: after ?? undefined },
    select: auditRefSelect,
  });
  // Counted when written, not at commit (the transaction is the caller's): an entry whose
  // transaction rolls back still counts, so a failover's count of entries at risk errs high.
  noteAcknowledged("auditEntries");
  return ref;
}

/** Appends several entries in one statement; the database chains them in the order given. */
export async function recordAuditBatch(client: PrismaClient, entries: AuditEntryInput[]): Promise<void> {
  await client.auditEntry.createMany({ data: entries.map(({ before, after, ...rest }) => ({ ...rest, before: before ?? undefined, after: after ?? undefined })) });
  noteAcknowledged("auditEntries", entries.length);
}

const auditEntrySelect = {
  id: true,
  seq: true,
  at: true,
  actorUserId: true,
  actorEmail: true,
  tenantId: true,
  action: true,
  target: true,
  before: true,
  after: true,
  requestId: true,
  prevHash: true,
  hash: true,
} satisfies Prisma.AuditEntrySelect;
export type AuditEntryRow = Prisma.AuditEntryGetPayload<{ select: typeof auditEntrySelect }>;

export type AuditFilter = {
  actorEmail?: string;
  actionPrefix?: string;
  targetPrefix?: string;
  tenantId?: string;
  from?: Date;
  to?: Date;
};

function toWhere(filter: AuditFilter, beforeSeq: bigint | undefined): Prisma.AuditEntryWhereInput {
  return {
    ...(filter.actorEmail ? { actorEmail: filter.actorEmail } : {}),
    ...(filter.actionPrefix ? { action: { startsWith: filter.actionPrefix } } : {}),
    ...(filter.targetPrefix ? { target: { startsWith: filter.targetPrefix } } : {}),
    ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
    ...(beforeSeq === undefined ? {} : { seq: { lt: beforeSeq } }),
  };
}

/**
 * Entries matching the filter, newest first (chain order), starting below `beforeSeq`. Global
 * ops data: every tenant's entries, for the ops roles only.
 */
export async function listAuditEntriesAcrossTenants(client: Db, filter: AuditFilter, beforeSeq: bigint | undefined, take: number): Promise<AuditEntryRow[]> {
  return client.auditEntry.findMany({ where: toWhere(filter, beforeSeq), orderBy: { seq: "desc" }, take, select: auditEntrySelect });
}

/** One tenant's entries, newest first: the tenant admin's own audit view, never anyone else's. */
export async function listAuditEntriesOfTenant(client: Db, tenantId: string, filter: Omit<AuditFilter, "tenantId">, beforeSeq: bigint | undefined, take: number): Promise<AuditEntryRow[]> {
  return client.auditEntry.findMany({ where: toWhere({ ...filter, tenantId }, beforeSeq), orderBy: { seq: "desc" }, take, select: auditEntrySelect });
}

/** Names of the given tenants, in one query, so every entry an operator sees names its tenant. */
export async function findTenantNames(client: Db, tenantIds: string[]): Promise<Map<string, string>> {
  if (tenantIds.length === 0) return new Map();
  const tenants = await client.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true } });
  return new Map(tenants.map((tenant) => [tenant.id, tenant.name]));
}

type ChainRow = { seq: bigint; prevHash: string; hash: string; expectedHash: string };

/** One batch of the chain after `afterSeq`, each with the hash recomputed from its fields now. */
export async function readChainBatch(client: Db, afterSeq: bigint, take: number): Promise<ChainRow[]> {
  return client.$queryRaw<ChainRow[]>`
    select seq, "prevHash", hash, audit_entry_hash(entry) as "expectedHash"
    from audit_entry entry where seq > ${afterSeq} order by seq limit ${take}`;
}

/** The triggers that chain entries and refuse changes, and whether each is enabled. */
export async function readChainProtections(client: Db): Promise<{ name: string; enabled: boolean }[]> {
  return client.$queryRaw<{ name: string; enabled: boolean }[]>`
    select tgname as name, tgenabled <> 'D' as enabled from pg_trigger
    where tgrelid = 'audit_entry'::regclass and not tgisinternal`;
}
