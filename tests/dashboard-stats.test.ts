import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { createTenant } from "./support/databases";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/*
 * GET /api/v1/dashboard/stats: the numbers on known data, the 10-minute cache and what drops it,
 * and the dashboard-stats warmer (tenants active in the last 24 h only, scheduled on pg-boss).
 */

const HOUR_MS = 3_600_000;
let api: InProcessApp;
let prisma: PrismaClient;
const read = <T>(query: (client: PrismaClient) => Promise<T>) => query(prisma);

beforeAll(async () => {
  api = await startInProcessApp("dashboard");
  prisma = api.scratch.prisma;
});
afterAll(async () => api?.close());

type Run = { status: "queued" | "running" | "succeeded" | "failed" | "cancelled"; ageMs: number; durationMs?: number };

async function insertRuns(tenantId: string, now: Date, runs: Run[]): Promise<void> {
  const workflow = await prisma.workflow.create({ data: { tenantId, name: `wf-${randomUUID().slice(0, 8)}` }, select: { id: true } });
  for (const run of runs) {
    const createdAt = new Date(now.getTime() - run.ageMs);
    const startedAt = run.status === "queued" ? null : new Date(createdAt.getTime() + 100);
    const finishedAt = run.durationMs !== undefined && startedAt ? new Date(startedAt.getTime() + run.durationMs) : null;
    await prisma.$executeRaw`
      insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt", "startedAt", "finishedAt")
      values (${randomUUID()}::uuid, ${tenantId}::uuid, ${workflow.id}::uuid, ${run.status}::"WorkflowExecutionStatus", ${createdAt}::timestamp(3), ${startedAt}::timestamp(3), ${finishedAt}::timestamp(3))`;
  }
}

const times = (count: number, run: (index: number) => Run) => Array.from({ length: count }, (_, index) => run(index));

describe("dashboard stats on known data", () => {
  test("counts runs by status per window, success rate and p95 of finished runs, a daily series, modules and templates; other tenants' runs are not counted", async () => {
    const { computeDashboardStats } = await import("@/lib/dashboard/service");
    const now = new Date();
    const tenantId = await createTenant(prisma, "dash");
    const otherTenantId = await createTenant(prisma, "dash-other");
    await insertRuns(tenantId, now, [
      ...times(10, (index) => ({ status: "succeeded", ageMs: 2 * HOUR_MS, durationMs: (index + 1) * 1000 })),
      { status: "failed", ageMs: 2 * HOUR_MS, durationMs: 20_000 },
      { status: "running", ageMs: 2 * HOUR_MS },
      { status: "queued", ageMs: 2 * HOUR_MS },
      { status: "queued", ageMs: 2 * HOUR_MS },
      { status: "cancelled", ageMs: 2 * HOUR_MS, durationMs: 90_000 },
      ...times(4, () => ({ status: "succeeded", ageMs: 72 * HOUR_MS, durationMs: 500 })),
      ...times(4, () => ({ status: "failed", ageMs: 72 * HOUR_MS, durationMs: 500 })),
      ...times(5, () => ({ status: "succeeded", ageMs: 8 * 24 * HOUR_MS, durationMs: 500 })),
    ]);
    await insertRuns(otherTenantId, now, times(7, () => ({ status: "succeeded", ageMs: 2 * HOUR_MS, durationMs: 100 })));
    const modules = await prisma.module.findMany({ take: 3, select: { id: true } });
    await prisma.tenantModule.createMany({
      data: modules.map((module, index) => ({ tenantId, moduleId: module.id, status: index < 2 ? "active" : "failed" })),
    });
    const category = await prisma.templateCategory.create({ data: { tenantId, slug: "known", name: "Known" }, select: { id: true } });
    await prisma.template.createMany({ data: ["a", "b", "c"].map((name) => ({ tenantId, categoryId: category.id, name })) });

    const stats = await computeDashboardStats(read, tenantId, now);

    expect(stats.activeModules).toBe(2);
    expect(stats.templatesInLibrary).toBe(3);
    expect(stats.runs.last24h).toEqual({
      total: 15,
      byStatus: { queued: 2, running: 1, succeeded: 10, failed: 1, cancelled: 1 },
      successRate: 10 / 11,
      // durations 1..10 s and 20 s: the 0.95 quantile interpolates between 10 s and 20 s
      p95DurationMs: 15_000,
    });
    expect(stats.runs.last7d.byStatus).toEqual({ queued: 2, running: 1, succeeded: 14, failed: 5, cancelled: 1 });
    expect(stats.runs.last7d.total).toBe(23);
    expect(stats.runs.last7d.successRate).toBeCloseTo(14 / 19, 10);
    // 8 × 0.5 s, 1..10 s, 20 s: position 0.95 × 18 = 17.1 lies between 10 s and 20 s
    expect(stats.runs.last7d.p95DurationMs).toBeCloseTo(11_000, 6);

    expect(stats.daily).toHaveLength(7);
    expect(stats.daily.at(-1)!.day).toBe(now.toISOString().slice(0, 10));
    const dayOf = (ageMs: number) => stats.daily.find((entry) => entry.day === new Date(now.getTime() - ageMs).toISOString().slice(0, 10))!;
    expect(dayOf(2 * HOUR_MS).byStatus).toEqual({ queued: 2, running: 1, succeeded: 10, failed: 1, cancelled: 1 });
    expect(dayOf(2 * HOUR_MS).p95DurationMs).toBe(15_000);
    expect(dayOf(72 * HOUR_MS)).toEqual({ day: dayOf(72 * HOUR_MS).day, byStatus: { queued: 0, running: 0, succeeded: 4, failed: 4, cancelled: 0 }, successRate: 0.5, p95DurationMs: 500 });
    const runsInSeries = stats.daily.reduce((total, entry) => total + Object.values(entry.byStatus).reduce((sum, count) => sum + count, 0), 0);
    expect(runsInSeries).toBe(23);
  });

  test("a tenant without runs gets zeros and nulls, not errors", async () => {
    const { computeDashboardStats } = await import("@/lib/dashboard/service");
    const stats = await computeDashboardStats(read, await createTenant(prisma, "dash-empty"), new Date());
    expect(stats.runs.last24h).toEqual({ total: 0, byStatus: { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }, successRate: null, p95DurationMs: null });
    expect(stats.daily.every((entry) => entry.successRate === null && entry.p95DurationMs === null)).toBe(true);
  });
});

describe("GET /api/v1/dashboard/stats", () => {
  test("answers the signed-in tenant's numbers, cached until something drops them", async () => {
    const { invalidateDashboardStats } = await import("@/lib/dashboard/service");
    const { noteWorkflowRunChanged } = await import("@/lib/dashboard");
    const northwind = await prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } });
    const cookie = `${await api.cookieFor("member@agency.test")}; ${TENANT_COOKIE}=${northwind.id}`;
    const get = async () => {
      const response = await api.app.request("/api/v1/dashboard/stats", { headers: { cookie, origin: TEST_ORIGIN } });
      expect(response.status).toBe(200);
      return (await response.json()) as { computedAt: string; maxAgeSeconds: number; runs: { last24h: { total: number } } };
    };
    await invalidateDashboardStats(northwind.id);
    const first = await get();
    expect(first.maxAgeSeconds).toBe(600);

    await insertRuns(northwind.id, new Date(), [{ status: "succeeded", ageMs: 1_000, durationMs: 10 }]);
    const cached = await get();
    expect(cached).toEqual(first);

    await invalidateDashboardStats(northwind.id);
    const fresh = await get();
    expect(fresh.runs.last24h.total).toBe(first.runs.last24h.total + 1);

    // A finished run is noted by the workflow engine: the next read is recomputed at once.
    await insertRuns(northwind.id, new Date(), [{ status: "failed", ageMs: 1_000, durationMs: 10 }]);
    noteWorkflowRunChanged(northwind.id);
    await expect.poll(async () => (await get()).runs.last24h.total, { timeout: 2_000 }).toBe(first.runs.last24h.total + 2);
  });

  test("is refused without a session", async () => {
    const response = await api.app.request("/api/v1/dashboard/stats");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});

async function insertEvent(tenantId: string, type: string): Promise<void> {
  const [execution] = await prisma.$queryRaw<{ id: string }[]>`select id::text as id from workflow_execution where "tenantId" = ${tenantId}::uuid limit 1`;
  await prisma.$executeRaw`
    insert into workflow_execution_event ("executionId", "tenantId", type) values (${execution!.id}::uuid, ${tenantId}::uuid, ${type}::"WorkflowEventType")`;
}

describe("the run-change feed", () => {
  test("reports each tenant whose runs were created or ended once, ignoring step-level events and what it saw before", async () => {
    const { RunChangeFeed } = await import("@/lib/dashboard/run-change-feed");
    const [a, b] = [await createTenant(prisma, "feed-a"), await createTenant(prisma, "feed-b")];
    await insertRuns(a, new Date(), [{ status: "succeeded", ageMs: 1_000, durationMs: 5 }]);
    await insertRuns(b, new Date(), [{ status: "succeeded", ageMs: 1_000, durationMs: 5 }]);
    await insertEvent(a, "queued");
    const noted: string[] = [];
    const feed = new RunChangeFeed(() => prisma, (tenantId) => noted.push(tenantId));
    expect(await feed.poll()).toBe(0); // starts at the present

    await insertEvent(a, "step_started");
    await insertEvent(a, "checkpoint");
    expect(await feed.poll()).toBe(0);
    await insertEvent(a, "succeeded");
    await insertEvent(b, "queued");
    await insertEvent(b, "failed");
    expect(await feed.poll()).toBe(2);
    expect(noted.sort()).toEqual([a, b].sort());
    expect(await feed.poll()).toBe(0);
    expect(noted).toHaveLength(2);
  });

  test("an event committed after a newer one was read is still reported", async () => {
    const { RunChangeFeed } = await import("@/lib/dashboard/run-change-feed");
    const [slow, fast] = [await createTenant(prisma, "feed-slow"), await createTenant(prisma, "feed-fast")];
    await insertRuns(slow, new Date(), [{ status: "succeeded", ageMs: 1_000, durationMs: 5 }]);
    await insertRuns(fast, new Date(), [{ status: "succeeded", ageMs: 1_000, durationMs: 5 }]);
    const noted: string[] = [];
    const feed = new RunChangeFeed(() => prisma, (tenantId) => noted.push(tenantId));
    await feed.poll();
    const late = new pg.Client({ connectionString: api.scratch.url });
    await late.connect();
    try {
      const [execution] = await prisma.$queryRaw<{ id: string }[]>`select id::text as id from workflow_execution where "tenantId" = ${slow}::uuid limit 1`;
      await late.query("begin");
      // Takes the lower id, but stays invisible until the commit below.
      await late.query(`insert into workflow_execution_event ("executionId", "tenantId", type) values ($1, $2, 'succeeded')`, [execution!.id, slow]);
      await insertEvent(fast, "succeeded");
      await feed.poll();
      expect(noted).toEqual([fast]);
      await late.query("commit");
      await feed.poll();
      expect(noted).toEqual([fast, slow]);
    } finally {
      await late.end();
    }
  });

  test("a run that ends in another process drops the cached stats within seconds", async () => {
    const { startDashboardInvalidation } = await import("@/lib/dashboard");
    const { getDashboardStats } = await import("@/lib/dashboard/service");
    const tenantId = await createTenant(prisma, "feed-live");
    await insertRuns(tenantId, new Date(), [{ status: "succeeded", ageMs: 1_000, durationMs: 5 }]);
    const ctx = { tenantId, db: { read } };
    const feed = startDashboardInvalidation();
    try {
      expect((await getDashboardStats(ctx)).runs.last24h.total).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the feed has taken its starting point
      await insertRuns(tenantId, new Date(), [{ status: "failed", ageMs: 500, durationMs: 5 }]);
      expect((await getDashboardStats(ctx)).runs.last24h.total).toBe(1); // still the cached answer
      await insertEvent(tenantId, "failed");
      await expect.poll(async () => (await getDashboardStats(ctx)).runs.last24h.total, { timeout: 8_000, interval: 250 }).toBe(2);
    } finally {
      await feed.stop();
    }
  });
});

describe("the dashboard-stats warmer", () => {
  test("warms the stats of tenants with a user seen in the last 24 h, and only those", async () => {
    const { dashboardStatsWarmer } = await import("@/lib/dashboard");
    const { cacheKeys, getOrLoad } = await import("@/lib/cache");
    const now = new Date();
    const active = await createTenant(prisma, "warm-active");
    const stale = await createTenant(prisma, "warm-stale");
    await insertRuns(active, now, [{ status: "succeeded", ageMs: HOUR_MS, durationMs: 250 }]);
    await prisma.$executeRaw`
      insert into user_activity ("userId", "tenantId", "lastSeenAt") values
        ('warm-user-1', ${active}::uuid, ${new Date(now.getTime() - HOUR_MS)}::timestamptz),
        ('warm-user-2', ${stale}::uuid, ${new Date(now.getTime() - 30 * HOUR_MS)}::timestamptz)`;
    const reports: { done: number; total: number; failed?: number }[] = [];

    await dashboardStatsWarmer(read, () => now).run((progress) => reports.push(progress));

    const warmedTenants = reports.at(-1)!.total;
    expect(reports.at(-1)).toEqual({ done: warmedTenants, total: warmedTenants, failed: 0 });
    const cachedFor = (tenantId: string) => getOrLoad(cacheKeys.dashboardStats(tenantId), async () => ({ missed: true }));
    expect(await cachedFor(active)).toMatchObject({ computedAt: now.toISOString(), runs: { last24h: { total: 1 } } });
    expect(await cachedFor(stale)).toEqual({ missed: true });
  });

  test("is scheduled every 10 minutes on the job queue and runs through warmNow", async () => {
    const { CacheWarming } = await import("@/lib/cache");
    const { createJobQueue } = await import("@/lib/queue");
    const { dashboardStatsWarmer } = await import("@/lib/dashboard");
    const boss = createJobQueue(api.scratch.url, { onError: () => {} });
    await boss.start();
    const warming = new CacheWarming();
    try {
      await warming.start(boss, { pollingIntervalSeconds: 0.5 });
      await warming.register(dashboardStatsWarmer(read));
      const schedules = await prisma.$queryRaw<{ name: string; cron: string }[]>`select name, cron from pgboss.schedule where name = 'cache.warm.dashboard-stats'`;
      expect(schedules).toEqual([{ name: "cache.warm.dashboard-stats", cron: "*/10 * * * *" }]);

      const [run] = await warming.warmNow("dashboard-stats");
      expect(run).toMatchObject({ warmer: "dashboard-stats", failed: 0 });
      expect(run!.warmed).toBeGreaterThanOrEqual(1);
    } finally {
      await warming.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    }
  });
});
