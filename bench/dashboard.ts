import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCache } from "../lib/cache";
import { createDatabase } from "../lib/db/client";
import { defaultDbSettings } from "../lib/db/config";
import { computeDashboardStats } from "../lib/dashboard/service";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import { timeRuns } from "./measure";
import type { BenchOptions, BenchReport } from "./report";

/** A busy tenant: about 20 runs a minute for a week, beside a million runs of other tenants. */
const TENANT_RUNS_7D = 200_000;
const OTHER_RUNS = 1_000_000;
const OTHER_TENANTS = 100;

/**
 * The dashboard's numbers for one busy tenant on the embedded primary: computed from scratch
 * (what a cache miss or a warmer run costs) and read from the cache (what every other view costs).
 */
export async function runDashboardBench(_options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-dashboard-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: [] });
  try {
    await deployMigrations(cluster.primaryUrl);
    const prisma = database.primary;
    const now = new Date();
    const tenant = await prisma.tenant.create({ data: { slug: "bench-busy", name: "Busy" } });
    const workflow = await prisma.workflow.create({ data: { tenantId: tenant.id, name: "Bench workflow" } });
    const loadStartedAt = performance.now();
    // Spread over the last 7 days; every 10th run failed, every 50th is still running.
    await prisma.$executeRaw`
      insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt", "startedAt", "finishedAt")
      select gen_random_uuid(), ${tenant.id}::uuid, ${workflow.id}::uuid,
             (case when g % 50 = 0 then 'running' when g % 10 = 0 then 'failed' else 'succeeded' end)::"WorkflowExecutionStatus",
             ts, ts + interval '10 ms', case when g % 50 = 0 then null else ts + (10 + g % 2000) * interval '1 ms' end
      from generate_series(1, ${TENANT_RUNS_7D}) g, lateral (select ${now}::timestamp(3) - (g * (7 * 86400000.0 / ${TENANT_RUNS_7D})) * interval '1 ms' as ts) t`;
    const others = await Promise.all(Array.from({ length: OTHER_TENANTS }, (_, index) => prisma.tenant.create({ data: { slug: `bench-other-${index}`, name: `Other ${index}` } })));
    for (const other of others) {
      const otherWorkflow = await prisma.workflow.create({ data: { tenantId: other.id, name: "Other workflow" } });
      await prisma.$executeRaw`
        insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt", "startedAt", "finishedAt")
        select gen_random_uuid(), ${other.id}::uuid, ${otherWorkflow.id}::uuid, 'succeeded', ts, ts, ts + interval '5 ms'
        from generate_series(1, ${OTHER_RUNS / OTHER_TENANTS}) g, lateral (select ${now}::timestamp(3) - g * interval '30 s' as ts) t`;
    }
    await prisma.$executeRawUnsafe("analyze workflow_execution");
    const loadSeconds = (performance.now() - loadStartedAt) / 1000;

    const read = <T>(query: (client: typeof prisma) => Promise<T>) => query(prisma);
    const computed = await timeRuns(10, () => computeDashboardStats(read, tenant.id, now));
    const cache = createCache();
    const key = `agency:dashboard:${tenant.id}:stats`;
    await cache.getOrLoad(key, () => computeDashboardStats(read, tenant.id, now), { ttlSeconds: 600 });
    const cached = await timeRuns(1000, () => cache.getOrLoad(key, () => computeDashboardStats(read, tenant.id, now), { ttlSeconds: 600 }));
    const stats = await computeDashboardStats(read, tenant.id, now);

    const markdown = [
      `## Dashboard stats of one busy tenant (${TENANT_RUNS_7D.toLocaleString("en")} runs in 7 d, ${OTHER_RUNS.toLocaleString("en")} runs of ${OTHER_TENANTS} other tenants; loaded in ${loadSeconds.toFixed(1)} s)`,
      "",
      "| read | median ms | p95 ms |",
      "|---|---:|---:|",
      `| computed (cache miss or warmer run): 4 queries | ${computed.medianMs} | ${computed.p95Ms} |`,
      `| from the cache (L1 hit) | ${belowResolution(cached.medianMs)} | ${belowResolution(cached.p95Ms)} |`,
      "",
      `Check: ${stats.runs.last7d.total.toLocaleString("en")} runs in 7 d, success rate ${(stats.runs.last7d.successRate! * 100).toFixed(1)} %, p95 ${Math.round(stats.runs.last7d.p95DurationMs!)} ms.`,
    ].join("\n");
    await cache.close();
    return { name: "dashboard", markdown, data: { tenantRuns7d: TENANT_RUNS_7D, otherRuns: OTHER_RUNS, loadSeconds, computed, cached, totals: stats.runs } };
  } finally {
    await database.close();
    await cluster.stop();
  }
}

/** timeRuns rounds to 0.01 ms; an L1 hit is faster than that. */
function belowResolution(ms: number): string {
  return ms === 0 ? "< 0.01" : String(ms);
}
