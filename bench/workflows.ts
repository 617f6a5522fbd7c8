import fs from "node:fs";
import { singleServerAccess } from "@/lib/db/access";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort, startEmbeddedCluster } from "../scripts/embedded-cluster";
import { deployMigrations } from "../scripts/migrate";
import { timeRuns } from "./measure";
import type { BenchOptions, BenchReport } from "./report";

const BACKLOG = 5_000;
const LATENCY_RATE_PER_SECOND = 100;
const LISTED_EXECUTIONS = 1_000_000;
const PAGE = 25;
const ORIGIN = "http://localhost:3000";

const quantile = (sorted: number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;

/**
 * The workflow engine on the embedded primary: one worker (the default concurrency 20, batch 50)
 * draining a backlog of one-step executions; enqueue→start latency of starts made through the
 * real start path at a steady rate; the executions list through the API at a depth of a million.
 */
export async function runWorkflowsBench(_options: BenchOptions): Promise<BenchReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-bench-workflows-"));
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  // The engine reads its settings (and the database) through env(), as in the app.
  Object.assign(process.env, { DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: "", BETTER_AUTH_SECRET: "bench-secret-0123456789abcdef0123456789", LOG_LEVEL: "warn", APP_URL: ORIGIN,
    // Loading a million rows in one statement takes longer than the app's 30 s statement bound.
    DB_STATEMENT_TIMEOUT_MS: "600000",
  });
  const { db } = await import("../lib/db/client");
  try {
    await deployMigrations(cluster.primaryUrl);
    const { seedDatabase } = await import("../prisma/seed/seed");
    const prisma = db().primary;
    await seedDatabase(prisma);
    const throughput = await measureThroughput();
    process.stderr.write(`workflows: throughput ${JSON.stringify(throughput)}\n`);
    const latency = await measureStartLatency();
    process.stderr.write(`workflows: latency ${JSON.stringify(latency)}\n`);
    const listing = await measureListing();
    const markdown = [
      "## Workflow engine on the embedded primary (one worker: concurrency 20, claim batch 50)",
      "",
      "| measurement | value |",
      "|---|---:|",
      `| one-step executions completed per second (backlog of ${BACKLOG.toLocaleString("en")}) | **${throughput.perSecond}** |`,
      `| enqueue → start latency p50 / p99 (${LATENCY_RATE_PER_SECOND}/s through the start path, ${latency.samples} starts) | ${latency.p50Ms} ms / ${latency.p99Ms} ms |`,
      `| executions list, first page via the API (median / p95) | ${listing.first.medianMs} ms / ${listing.first.p95Ms} ms |`,
      `| executions list, page after ${LISTED_EXECUTIONS.toLocaleString("en")} rows via the API (median / p95) | ${listing.deep.medianMs} ms / ${listing.deep.p95Ms} ms |`,
      "",
      `Goal: ≥ 300 executions/s with one worker. Deep page / first page: **${listing.depthRatio}×**.`,
    ].join("\n");
    return { name: "workflows", markdown, data: { backlog: BACKLOG, throughput, latency, listing } };
  } finally {
    await db().close();
    await cluster.stop();
  }
}

async function benchTenant() {
  const { db } = await import("../lib/db/client");
  const prisma = db().primary;
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } });
  const workflow = await prisma.workflow.create({
    data: { tenantId: tenant.id, name: "Bench one-step", definition: { steps: [{ id: "shape", type: "transform", config: { expression: { n: "{{$input.n}}" } } }] } },
  });
  return { prisma, tenantId: tenant.id, workflowId: workflow.id, access: singleServerAccess(prisma) };
}

/** Backlog first (inserted in batches), then one worker drains it against the clock. */
async function measureThroughput() {
  const { tenantId, workflowId, prisma } = await benchTenant();
  const { insertExecution } = await import("../lib/workflows/repo");
  const { startWorkflowWorker } = await import("../lib/workflows");
  const steps = [{ id: "shape", type: "transform" as const, config: { expression: { n: "{{$input.n}}" } } }];
  for (let batch = 0; batch < BACKLOG / 500; batch++) {
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < 500; i++) await insertExecution(tx, { tenantId, workflowId, steps, workflowType: "transform", input: { n: batch * 500 + i } });
    });
  }
  const startedAt = performance.now();
  const worker = await startWorkflowWorker();
  for (;;) {
    const done = await prisma.workflowExecution.count({ where: { workflowId, status: "succeeded" } });
    if (done >= BACKLOG) break;
    await sleep(50);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await worker.stop(1_000);
  return { seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(BACKLOG / seconds) };
}

/** Starts through the service (the execution row is the queue entry) at a fixed rate, worker running. */
async function measureStartLatency() {
  const { tenantId, workflowId, prisma, access } = await benchTenant();
  const { startExecution } = await import("../lib/workflows/service");
  const { startWorkflowWorker } = await import("../lib/workflows");
  const worker = await startWorkflowWorker();
  const total = LATENCY_RATE_PER_SECOND * 10;
  const begin = performance.now();
  const starts: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / LATENCY_RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    starts.push(startExecution({ tenantId, db: access }, workflowId, { input: { n: i } }));
  }
  await Promise.all(starts);
  for (;;) {
    if ((await prisma.workflowExecution.count({ where: { workflowId, status: "succeeded" } })) >= total) break;
    await sleep(50);
  }
  await worker.stop(1_000);
  const rows = await prisma.$queryRaw<{ ms: number }[]>`
    select extract(epoch from ("startedAt" - ("queuedAt" at time zone 'utc'))) * 1000 as ms from workflow_execution where "workflowId" = ${workflowId}::uuid`;
  const sorted = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
  return { samples: sorted.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99) };
}

/** A million executions (generate_series), then the first page and the page after them, through the API as admin. */
async function measureListing() {
  const { tenantId, workflowId, prisma } = await benchTenant();
  // Timestamps repeat every 4 rows, so the id tie-breaker is exercised at every depth.
  await prisma.$executeRaw`
    insert into workflow_execution (id, "tenantId", "workflowId", status, "createdAt", "startedAt", "finishedAt", attempts)
    select gen_random_uuid(), ${tenantId}::uuid, ${workflowId}::uuid, 'succeeded', t, t, t + interval '40 ms', 1
    from (select timestamp '2026-01-01' + (g / 4) * interval '1 ms' as t from generate_series(1, ${LISTED_EXECUTIONS + PAGE * 2}) g) s`;
  await prisma.$executeRawUnsafe("analyze workflow_execution");
  const [deepKey] = await prisma.$queryRaw<{ createdAt: Date; id: string }[]>`
    select "createdAt", id from workflow_execution where "tenantId" = ${tenantId}::uuid
    order by "createdAt" desc, id desc offset ${LISTED_EXECUTIONS - 1} limit 1`;
  const { createApiApp } = await import("../lib/http/app");
  const { encodeCursor } = await import("../lib/db/cursor");
  const { DEMO_PASSWORD } = await import("../prisma/seed/demo-data");
  const app = createApiApp();
  const signIn = await app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email: "admin@agency.test", password: DEMO_PASSWORD }),
  });
  if (signIn.status !== 200) throw new Error(`bench sign-in failed: ${signIn.status}`);
  const { TENANT_COOKIE } = await import("../lib/auth/session");
  // Pinned to Northwind, whose list holds the million rows.
  const cookie = `${signIn.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ")}; ${TENANT_COOKIE}=${tenantId}`;
  const cursor = encodeCursor([deepKey!.createdAt.toISOString(), deepKey!.id]);
  const page = async (query: string) => {
    const response = await app.request(`/api/v1/workflow-executions?limit=${PAGE}${query}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`list answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { items: unknown[] };
    if (body.items.length !== PAGE) throw new Error(`expected a full page, got ${body.items.length}`);
  };
  const first = await timeRuns(50, () => page(""));
  const deep = await timeRuns(50, () => page(`&cursor=${cursor}`));
  return { executions: LISTED_EXECUTIONS, first, deep, depthRatio: Math.round((deep.medianMs / first.medianMs) * 100) / 100 };
}
