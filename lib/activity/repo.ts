import type { PrismaClient } from "@/generated/prisma/client";

export type ActivitySighting = { userId: string; tenantId: string; seenAt: Date };

/**
 * One statement for a whole batch of sightings. `greatest` keeps the newest time when two
 * instances report the same user out of order.
 */
export async function upsertActivity(client: PrismaClient, sightings: readonly ActivitySighting[]): Promise<void> {
  if (sightings.length === 0) return;
  const userIds = sightings.map((sighting) => sighting.userId);
  const tenantIds = sightings.map((sighting) => sighting.tenantId);
  const seenAts = sightings.map((sighting) => sighting.seenAt.toISOString());
  await client.$executeRaw`
    insert into user_activity ("userId", "tenantId", "lastSeenAt")
    select * from unnest(${userIds}::text[], ${tenantIds}::uuid[], ${seenAts}::timestamptz[])
    on conflict ("userId", "tenantId") do update set "lastSeenAt" = greatest(user_activity."lastSeenAt", excluded."lastSeenAt")`;
}

export type ActiveUserCounts = { last5m: number; last1h: number; last24h: number };

const HOUR_MS = 3_600_000;

/** Distinct users seen across all tenants, for the gauge (a range scan of the lastSeenAt index). */
export async function countActiveUsersAcrossTenants(client: PrismaClient, now: Date): Promise<ActiveUserCounts> {
  const [row] = await client.$queryRaw<{ last5m: bigint; last1h: bigint; last24h: bigint }[]>`
    select count(distinct "userId") filter (where "lastSeenAt" > ${new Date(now.getTime() - 5 * 60_000)}::timestamptz) as "last5m",
           count(distinct "userId") filter (where "lastSeenAt" > ${new Date(now.getTime() - HOUR_MS)}::timestamptz) as "last1h",
           count(distinct "userId") as "last24h"
    from user_activity
    where "lastSeenAt" > ${new Date(now.getTime() - 24 * HOUR_MS)}::timestamptz`;
  return toCounts(row);
}

/** Users seen in one tenant (a range scan of the tenantId, lastSeenAt index). */
export async function countActiveUsers(client: PrismaClient, tenantId: string, now: Date): Promise<ActiveUserCounts> {
  const [row] = await client.$queryRaw<{ last5m: bigint; last1h: bigint; last24h: bigint }[]>`
    select count(*) filter (where "lastSeenAt" > ${new Date(now.getTime() - 5 * 60_000)}::timestamptz) as "last5m",
           count(*) filter (where "lastSeenAt" > ${new Date(now.getTime() - HOUR_MS)}::timestamptz) as "last1h",
           count(*) as "last24h"
    from user_activity
    where "tenantId" = ${tenantId}::uuid and "lastSeenAt" > ${new Date(now.getTime() - 24 * HOUR_MS)}::timestamptz`;
  return toCounts(row);
}

/** Tenants with a user seen since `since` that still exist, for the dashboard warmer. */
export async function listTenantsActiveSince(client: PrismaClient, since: Date, limit: number): Promise<string[]> {
  const rows = await client.$queryRaw<{ tenantId: string }[]>`
    select t.id as "tenantId" from tenant t
    where exists (select 1 from user_activity a where a."tenantId" = t.id and a."lastSeenAt" > ${since}::timestamptz)
    order by t.id
    limit ${limit}`;
  return rows.map((row) => row.tenantId);
}

function toCounts(row: { last5m: bigint; last1h: bigint; last24h: bigint } | undefined): ActiveUserCounts {
  return { last5m: Number(row?.last5m ?? 0), last1h: Number(row?.last1h ?? 0), last24h: Number(row?.last24h ?? 0) };
}
