import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../lib/db/client";
import { defaultDbSettings } from "../lib/db/config";
import { upsertPendingActivations } from "../lib/modules/repo";
import { listExecutions } from "../lib/workflows/repo";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import { timeRuns } from "./measure";
import type { BenchOptions, BenchReport } from "./report";

const EXECUTIONS = 1_000_000;
const PAGE = 25;
const MODULES = 500;

/**
 * The data layer's two hot queries on the embedded primary: keyset pagination at a depth of a
 * million executions (OFFSET beside it for contrast) and a 500-module batch activation.
 */
export async function runDbBench(_options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-db-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: [] });
  try {
    await deployMigrations(cluster.primaryUrl);
    const prisma = database.primary;
    const tenant = await prisma.tenant.create({ data: { slug: "bench", name: "Bench" } });
    const workflow = await prisma.workflow.create({ data: { tenantId: tenant.id, name: "Bench workflow" } });
    const loadStartedAt = performance.now();
    // Timestamps repeat every 4 rows, so the id tie-breaker is exercised at every depth.
    await prisma.$executeRaw`
      insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt")
      select gen_random_uuid(), ${tenant.id}::uuid, ${workflow.id}::uuid, 'succeeded', timestamp '2026-01-01' + (g / 4) * interval '1 ms'
      from generate_series(1, ${EXECUTIONS + PAGE * 2}) g`;
    await prisma.$executeRawUnsafe("analyze workflow_execution");
    const loadSeconds = (performance.now() - loadStartedAt) / 1000;

    const [deepKey] = await prisma.$queryRaw<{ createdAt: Date; id: string }[]>`
      select "createdAt", id from workflow_execution where "tenantId" = ${tenant.id}::uuid
      order by "createdAt" desc, id desc offset ${EXECUTIONS - 1} limit 1`;
    const first = await timeRuns(50, () => listExecutions(prisma, tenant.id, null, PAGE + 1));
    const deep = await timeRuns(50, () => listExecutions(prisma, tenant.id, deepKey!, PAGE + 1));
    const offset = await timeRuns(5, () =>
      prisma.$queryRaw`select id from workflow_execution where "tenantId" = ${tenant.id}::uuid order by "createdAt" desc, id desc offset ${EXECUTIONS} limit ${PAGE}`,
    );

    await prisma.module.createMany({ data: Array.from({ length: MODULES }, (_, index) => ({ key: `bench-${index}`, name: `Bench module ${index}` })) });
    const moduleIds = (await prisma.module.findMany({ select: { id: true } })).map((module) => module.id);
    const activationTenants = await Promise.all(Array.from({ length: 21 }, (_, index) => prisma.tenant.create({ data: { slug: `act-${index}`, name: `Act ${index}` } })));
    const activation = await timeRuns(20, (run) => upsertPendingActivations(prisma, activationTenants[run + 1]!.id, moduleIds.map((moduleId) => ({ moduleId, version: "1.0.0", dependsOn: [] }))));

    const depthRatio = Math.round((deep.medianMs / first.medianMs) * 100) / 100;
    const markdown = [
      `## Data layer on the embedded primary (${EXECUTIONS.toLocaleString("en")} executions loaded in ${loadSeconds.toFixed(1)} s)`,
      "",
      "| query | median ms | p95 ms |",
      "|---|---:|---:|",
      `| executions, first page (keyset, ${PAGE} rows) | ${first.medianMs} | ${first.p95Ms} |`,
      `| executions, page after ${EXECUTIONS.toLocaleString("en")} rows (keyset) | ${deep.medianMs} | ${deep.p95Ms} |`,
      `| same page with OFFSET ${EXECUTIONS.toLocaleString("en")} (contrast) | ${offset.medianMs} | ${offset.p95Ms} |`,
      `| batch activation of ${MODULES} modules (one statement, new tenant) | ${activation.medianMs} | ${activation.p95Ms} |`,
      "",
      `Deep page / first page: **${depthRatio}×** (goal ≤ 1.5×). Batch activation median: **${activation.medianMs} ms** (goal < 50 ms).`,
    ].join("\n");
    return { name: "db", markdown, data: { executions: EXECUTIONS, loadSeconds, first, deep, offset, activation, depthRatio } };
  } finally {
    await database.close();
    await cluster.stop();
  }
}
