import type { Prisma, PrismaClient } from "@/generated/prisma/client";

// Every Prisma call for emergency overrides. Overrides are global operating state, not tenant
// data; only ops roles reach the services that call these.

type Db = PrismaClient | Prisma.TransactionClient;

export const overrideSelect = {
  id: true,
  kind: true,
  scope: true,
  payload: true,
  ownerUserId: true,
  ownerEmail: true,
  runId: true,
  createdAt: true,
  expiresAt: true,
  remindedAt: true,
  endedAt: true,
  endedBy: true,
  endReason: true,
} satisfies Prisma.EmergencyOverrideSelect;
export type OverrideRow = Prisma.EmergencyOverrideGetPayload<{ select: typeof overrideSelect }>;

export async function insertOverride(tx: Db, data: Prisma.EmergencyOverrideUncheckedCreateInput): Promise<OverrideRow> {
  return tx.emergencyOverride.create({ data, select: overrideSelect });
}

/** Not yet ended and not yet lapsed: a lapsed row the sweeper has not reached counts as over. */
export async function findActiveOverrides(client: Db, now: Date, kind?: string): Promise<OverrideRow[]> {
  return client.emergencyOverride.findMany({
    where: { endedAt: null, expiresAt: { gt: now }, ...(kind ? { kind } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: overrideSelect,
  });
}

/** The row locked until the transaction ends, so two enders (a person and the sweeper) can't both end it. */
export async function findOverrideForUpdate(tx: Prisma.TransactionClient, id: string): Promise<OverrideRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`select id::text from emergency_override where id = ${id}::uuid for update`;
  if (locked.length === 0) return null;
  return tx.emergencyOverride.findUnique({ where: { id }, select: overrideSelect });
}

export async function markOverrideEnded(tx: Prisma.TransactionClient, id: string, endedAt: Date, endedBy: string, endReason: string): Promise<OverrideRow> {
  return tx.emergencyOverride.update({ where: { id }, data: { endedAt, endedBy, endReason }, select: overrideSelect });
}

/** Ids of overrides past their expiry but not ended, oldest first, bounded per sweep. */
export async function findLapsedOverrideIds(client: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await client.emergencyOverride.findMany({
    where: { endedAt: null, expiresAt: { lte: now } },
    orderBy: { expiresAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/**
 * Claims the overrides whose reminder is due (expiring before `dueBefore`, not yet reminded):
 * marking them in the same statement means a second sweeper can't remind twice.
 */
export async function claimDueReminders(tx: Prisma.TransactionClient, now: Date, dueBefore: Date, limit: number): Promise<OverrideRow[]> {
  const claimed = await tx.$queryRaw<{ id: string }[]>`
    update emergency_override set "remindedAt" = ${now}
    where id in (
      select id from emergency_override
      where "endedAt" is null and "remindedAt" is null and "expiresAt" > ${now} and "expiresAt" <= ${dueBefore}
      order by "expiresAt" limit ${limit} for update skip locked)
    returning id::text`;
  if (claimed.length === 0) return [];
  return tx.emergencyOverride.findMany({ where: { id: { in: claimed.map((row) => row.id) } }, select: overrideSelect });
}
