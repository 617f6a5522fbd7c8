import { countActiveUsers, listTenantsActiveSince } from "@/lib/activity";
import { cacheKeys, cacheTags, DASHBOARD_STATS_WARMER, getOrLoad, invalidateKey, invalidateTag, warmEach, type Warmer } from "@/lib/cache";
import type { DbAccess } from "@/lib/db/access";
import { countActiveModules, countRunWindows, countTemplates, dailyRuns, type StatusCounts } from "./repo";
import { DAY_MS, dashboardDays, emptyCounts, seriesStart, successRate, totalOf, type CountsByStatus } from "./rules";
import type { ActiveUsersOutput, DashboardStatsOutput } from "./schemas";

type Ctx = { tenantId: string; db: Pick<DbAccess, "read"> };

/** The guide's dashboard cache lifetime. */
export const DASHBOARD_STATS_TTL_SECONDS = 600;
/** The warmer visits at most this many tenants per run (the busiest are not singled out: any order). */
const WARM_TENANT_LIMIT = 5_000;

/** The tenant's dashboard numbers, computed at most once per cache lifetime (or after a change). */
export async function getDashboardStats(ctx: Ctx, now = new Date()): Promise<DashboardStatsOutput> {
  const stats = await getOrLoad(cacheKeys.dashboardStats(ctx.tenantId), () => computeDashboardStats(ctx.db.read, ctx.tenantId, now), {
    ttlSeconds: DASHBOARD_STATS_TTL_SECONDS,
    tags: [cacheTags.dashboard(ctx.tenantId)],
  });
  // The loader never returns null; this only narrows the cache's "not found" case away.
  return stats ?? computeDashboardStats(ctx.db.read, ctx.tenantId, now);
}

export async function computeDashboardStats(read: DbAccess["read"], tenantId: string, now: Date): Promise<DashboardStatsOutput> {
  const since24h = new Date(now.getTime() - DAY_MS);
  const since7d = new Date(now.getTime() - 7 * DAY_MS);
  const [windows, daily, activeModules, templatesInLibrary] = await read((client) =>
    Promise.all([countRunWindows(client, tenantId, since24h, since7d), dailyRuns(client, tenantId, seriesStart(now)), countActiveModules(client, tenantId), countTemplates(client, tenantId)]),
  );
  const last24h = toCounts(windows.last24h);
  const last7d = toCounts(windows.last7d);
  const days = new Map(dashboardDays(now).map((day) => [day, { counts: emptyCounts(), p95DurationMs: null as number | null }]));
  for (const row of daily) {
    if (days.has(row.day)) days.set(row.day, { counts: toCounts(row), p95DurationMs: row.p95Ms });
  }
  return {
    computedAt: now.toISOString(),
    maxAgeSeconds: DASHBOARD_STATS_TTL_SECONDS,
    activeModules,
    templatesInLibrary,
    runs: {
      last24h: { total: totalOf(last24h), byStatus: last24h, successRate: successRate(last24h), p95DurationMs: windows.p95Last24hMs },
      last7d: { total: totalOf(last7d), byStatus: last7d, successRate: successRate(last7d), p95DurationMs: windows.p95Last7dMs },
    },
    daily: [...days].map(([day, entry]) => ({ day, byStatus: entry.counts, successRate: successRate(entry.counts), p95DurationMs: entry.p95DurationMs })),
  };
}

/** The tenant's active users; an indexed count, cheap enough not to cache (and a cached 5-minute count would mislead). */
export async function getActiveUsers(ctx: Ctx, now = new Date()): Promise<ActiveUsersOutput> {
  const counts = await ctx.db.read((client) => countActiveUsers(client, ctx.tenantId, now));
  return { ...counts, countedAt: now.toISOString() };
}

/** Drops the tenant's cached stats, e.g. after its workflow runs changed. */
export async function invalidateDashboardStats(tenantId: string): Promise<void> {
  await invalidateTag(cacheTags.dashboard(tenantId));
}

/**
 * The guide's dashboard warmer: every 10 minutes, the stats of each tenant with a user seen in
 * the last 24 hours are recomputed into the cache, so the first visit after expiry is a hit.
 */
export function dashboardStatsWarmer(read: DbAccess["read"], clock: () => Date = () => new Date()): Warmer {
  return {
    name: DASHBOARD_STATS_WARMER.name,
    cron: DASHBOARD_STATS_WARMER.cron,
    async run(report) {
      const now = clock();
      const since = new Date(now.getTime() - DASHBOARD_STATS_WARMER.activeWithinHours * 3_600_000);
      const tenantIds = await read((client) => listTenantsActiveSince(client, since, WARM_TENANT_LIMIT));
      await warmEach(
        tenantIds,
        async (tenantId) => {
          const stats = await computeDashboardStats(read, tenantId, now);
          const key = cacheKeys.dashboardStats(tenantId);
          await invalidateKey(key); // refresh: the warmed value replaces whatever was there
          await getOrLoad(key, async () => stats, { ttlSeconds: DASHBOARD_STATS_TTL_SECONDS, tags: [cacheTags.dashboard(tenantId)] });
        },
        report,
      );
    },
  };
}

function toCounts(row: StatusCounts): CountsByStatus {
  return { queued: Number(row.queued), running: Number(row.running), succeeded: Number(row.succeeded), failed: Number(row.failed), cancelled: Number(row.cancelled) };
}
