import type { Prisma } from "@/generated/prisma/client";

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
 * delete here.
 */
export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntryInput): Promise<AuditEntryRef> {
  const { before, after, ...rest } = entry;
  return tx.auditEntry.create({
    data: { ...rest, before: before ?? undefined, after: after ?? undefined },
    select: auditRefSelect,
  });
}
