import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { singleServerAccess } from "@/lib/db/access";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import type { BenchOptions, BenchReport } from "./report";

const BACKLOG = 5_000;
/** Tenant B's starts: this many at once, in each of the rounds, while A's backlog drains. */
const SMALL_BATCH = 10;
const SMALL_ROUNDS = 3;
const ROUND_GAP_MS = 700;
const ORIGIN = "http://localhost:3000";
const ONE_STEP = [{ id: "shape", type: "transform" as const, config: { expression: { n: "{{$input.n}}" } } }];

type Order = "fair" | "oldest-first";
type ModeResult = { order: Order; smallP50Ms: number; smallP99Ms: number; smallMaxMs: number; samples: number; perSecond: number; seconds: number };

const quantile = (sorted: number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;

/**
 * Fair dispatch against the old global oldest-first order, one worker at the default settings
 * (concurrency 20, claim batch 50): tenant A has 5,000 one-step runs waiting, then tenant B
 * starts 10 at a time through the real start path. B's time to start is its runs' start minus
 * queue time; throughput is every run (A's and B's) over the time to drain them.
 */
export async function runWorkflowFairnessBench(_options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-fairness-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  Object.assign(process.env, { DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: "", BETTER_AUTH_SECRET: "bench-secret-0123456789abcdef0123456789", LOG_LEVEL: "warn", APP_URL: ORIGIN });
  const { db } = await import("../lib/db/client");
  try {
    await deployMigrations(cluster.primaryUrl);
    const { seedDatabase } = await import("../prisma/seed/seed");
    await seedDatabase(db().primary);
    const results: ModeResult[] = [];
    for (const order of ["oldest-first", "fair"] as const) {
      const result = await measure(order);
      process.stderr.write(`workflow-fairness: ${JSON.stringify(result)}\n`);
      results.push(result);
    }
    const load = os.loadavg().map((value) => value.toFixed(2)).join(" / ");
    const [oldest, fair] = results as [ModeResult, ModeResult];
    const markdown = [
      `## Workflow fair dispatch (one worker: concurrency 20, claim batch 50; tenant A ${BACKLOG.toLocaleString("en")} waiting, tenant B ${SMALL_ROUNDS}×${SMALL_BATCH} starts)`,
      "",
      "| dispatch | B time to start p50 | B p99 | B max | all runs per second |",
      "|---|---:|---:|---:|---:|",
      ...results.map((r) => `| ${r.order} | ${r.smallP50Ms} ms | ${r.smallP99Ms} ms | ${r.smallMaxMs} ms | ${r.perSecond} |`),
      "",
      `Aim: B's p99 under 1 s with fair dispatch (**${fair.smallP99Ms} ms**, oldest-first ${oldest.smallP99Ms} ms); fair throughput within 10 % of oldest-first (**${Math.round((fair.perSecond / oldest.perSecond) * 100)} %**). Load average (1/5/15 min) at the end: ${load} on ${os.cpus().length} cores.`,
    ].join("\n");
    return { name: "workflow-fairness", markdown, data: { backlog: BACKLOG, smallRounds: SMALL_ROUNDS, smallBatch: SMALL_BATCH, results, loadAverage: os.loadavg() } };
  } finally {
    await db().close();
    await cluster.stop();
  }
}

async function workflowFor(slug: string, name: string) {
  const { db } = await import("../lib/db/client");
  const prisma = db().primary;
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug } });
  const workflow = await prisma.workflow.create({ data: { tenantId: tenant.id, name, definition: { steps: ONE_STEP } } });
  return { tenantId: tenant.id, workflowId: workflow.id };
}

async function measure(order: Order): Promise<ModeResult> {
  const { db } = await import("../lib/db/client");
  const prisma = db().primary;
  const { startExecution } = await import("../lib/workflows/service");
  const { startWorkflowWorker } = await import("../lib/workflows");
  const big = await workflowFor("northwind", `Backlog (${order})`);
  const small = await workflowFor("bluefin", `Small (${order})`);
  // A's backlog goes in directly, in one statement (through the start path its own 1,000-run
  // quota would stop it); queue times increase with n, as if enqueued one after another.
  await prisma.$executeRaw`
    insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt", definition, "workflowType", input, "queuedAt")
    select gen_random_uuid(), ${big.tenantId}::uuid, ${big.workflowId}::uuid, 'queued', now() at time zone 'utc', ${JSON.stringify({ steps: ONE_STEP })}::jsonb,
      'transform', jsonb_build_object('n', g), now() + g * interval '1 microsecond'
    from generate_series(1, ${BACKLOG}) g`;
  const access = singleServerAccess(prisma);
  const startedAt = performance.now();
  const worker = await startWorkflowWorker({ dispatchOrder: order });
  for (let round = 0; round < SMALL_ROUNDS; round++) {
    await sleep(ROUND_GAP_MS);
    await Promise.all(Array.from({ length: SMALL_BATCH }, (_, n) => startExecution({ tenantId: small.tenantId, db: access }, small.workflowId, { input: { n } })));
  }
  const total = BACKLOG + SMALL_ROUNDS * SMALL_BATCH;
  for (;;) {
    const done = await prisma.workflowExecution.count({ where: { workflowId: { in: [big.workflowId, small.workflowId] }, status: "succeeded" } });
    if (done >= total) break;
    await sleep(50);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await worker.stop(1_000);
  const rows = await prisma.$queryRaw<{ ms: number }[]>`
    select extract(epoch from ("startedAt" - ("queuedAt" at time zone 'utc'))) * 1000 as ms from workflow_execution where "workflowId" = ${small.workflowId}::uuid`;
  const sorted = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
  return {
    order,
    samples: sorted.length,
    smallP50Ms: quantile(sorted, 0.5),
    smallP99Ms: quantile(sorted, 0.99),
    smallMaxMs: Math.round(sorted[sorted.length - 1]! * 10) / 10,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(total / seconds),
  };
}
