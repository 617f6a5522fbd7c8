import { Prisma, type PrismaClient } from "@/generated/prisma/client";

/*
 * Both run queries filter workflow_execution on ("tenantId", "createdAt"), the leading columns of
 * workflow_execution_listing_idx, so each reads only the tenant's rows of the window.
 */

/** Rows of one status, per window, as counted by the queries below. */
export type StatusCounts = { queued: bigint; running: bigint; succeeded: bigint; failed: bigint; cancelled: bigint };

const countsByStatus = (suffix: string, window: Prisma.Sql) => Prisma.sql`
  count(*) filter (where status = 'queued' and ${window}) as ${Prisma.raw(`"queued${suffix}"`)},
  count(*) filter (where status = 'running' and ${window}) as ${Prisma.raw(`"running${suffix}"`)},
  count(*) filter (where status = 'succeeded' and ${window}) as ${Prisma.raw(`"succeeded${suffix}"`)},
  count(*) filter (where status = 'failed' and ${window}) as ${Prisma.raw(`"failed${suffix}"`)},
  count(*) filter (where status = 'cancelled' and ${window}) as ${Prisma.raw(`"cancelled${suffix}"`)}`;

type WindowRow = Record<`${keyof StatusCounts}${"24h" | "7d"}`, bigint> & { p95Last24hMs: unknown; p95Last7dMs: unknown };
export type RunWindows = { last24h: StatusCounts; last7d: StatusCounts; p95Last24hMs: number | null; p95Last7dMs: number | null };

/**
 * Runs by status in the last 24 h and 7 d, and the p95 start-to-finish duration of those that
 * succeeded or failed, in one pass over the tenant's week.
 */
export async function countRunWindows(client: PrismaClient, tenantId: string, since24h: Date, since7d: Date): Promise<RunWindows> {
  const in24h = Prisma.sql`"createdAt" >= ${since24h}::timestamp(3)`;
  const [row] = await client.$queryRaw<WindowRow[]>`
    select ${countsByStatus("24h", in24h)}, ${countsByStatus("7d", Prisma.sql`true`)},
           percentile_cont(0.95) within group (order by duration_ms) filter (where ${in24h} and duration_ms is not null) as "p95Last24hMs",
           percentile_cont(0.95) within group (order by duration_ms) filter (where duration_ms is not null) as "p95Last7dMs"
    from (
      select "createdAt", status, case when status in ('succeeded', 'failed') then extract(epoch from ("finishedAt" - "startedAt")) * 1000 end as duration_ms
      from workflow_execution
      where "tenantId" = ${tenantId}::uuid and "createdAt" >= ${since7d}::timestamp(3)
    ) runs`;
  const pick = (suffix: "24h" | "7d"): StatusCounts => ({
    queued: row![`queued${suffix}`],
    running: row![`running${suffix}`],
    succeeded: row![`succeeded${suffix}`],
    failed: row![`failed${suffix}`],
    cancelled: row![`cancelled${suffix}`],
  });
  return { last24h: pick("24h"), last7d: pick("7d"), p95Last24hMs: toNumber(row?.p95Last24hMs), p95Last7dMs: toNumber(row?.p95Last7dMs) };
}

export type DailyRow = StatusCounts & { day: string; p95Ms: number | null };

/**
 * Runs per UTC day by status since `since`, with each day's p95 duration. Grouped on the
 * truncated timestamp (a cheap sort key) and formatted afterwards.
 */
export async function dailyRuns(client: PrismaClient, tenantId: string, since: Date): Promise<DailyRow[]> {
  const rows = await client.$queryRaw<(StatusCounts & { day: string; p95Ms: unknown })[]>`
    select to_char(day, 'YYYY-MM-DD') as day, ${countsByStatus("", Prisma.sql`true`)},
           percentile_cont(0.95) within group (order by duration_ms) filter (where duration_ms is not null) as "p95Ms"
    from (
      select date_trunc('day', "createdAt") as day, status,
             case when status in ('succeeded', 'failed') then extract(epoch from ("finishedAt" - "startedAt")) * 1000 end as duration_ms
      from workflow_execution
      where "tenantId" = ${tenantId}::uuid and "createdAt" >= ${since}::timestamp(3)
    ) runs
    group by runs.day
    order by runs.day`;
  return rows.map((row) => ({ ...row, p95Ms: toNumber(row.p95Ms) }));
}

export async function countActiveModules(client: PrismaClient, tenantId: string): Promise<number> {
  return client.tenantModule.count({ where: { tenantId, status: "active" } });
}

export async function countTemplates(client: PrismaClient, tenantId: string): Promise<number> {
  return client.template.count({ where: { tenantId } });
}

/** percentile_cont answers double precision, which the driver may hand over as a string. */
function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
