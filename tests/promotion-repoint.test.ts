import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DbAccess } from "@/lib/db/access";
import type { ProcedureProgress } from "@/lib/emergency/procedure";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { deployMigrations } from "@/scripts/migrate";
import { createTenant } from "./support/databases";
import { FAST_WORKFLOW_ENV, waitFor } from "./support/workflows";
import { query } from "./support/sql";

// After a promotion the process's own connections outside the write pool (the pg-boss job queue,
// the control loop's leader election, the workflow workers' LISTEN) must follow the writes to the
// new primary, or workflows stop until someone edits DATABASE_URL and restarts. This drives the
// process singletons (db(), queue(), the worker, the control loop) on a primary + replica of the
// test's own, stops the primary, promotes through the procedure, and watches work go on.
let cluster: EmbeddedCluster;
let dataDir: string;
const cleanups: (() => Promise<unknown>)[] = [];


const sessionsOf = async (url: string, applicationName: string) =>
  (await query<{ count: number }>(url, "select count(*)::int as count from pg_stat_activity where application_name = $1", [applicationName]))[0]!.count;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "promotion-repoint-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  await deployMigrations(cluster.primaryUrl);
  await cluster.waitForReplicaReplay();
  Object.assign(process.env, {
    ...FAST_WORKFLOW_ENV,
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URLS: cluster.replicaUrl,
    DB_REPLICA_HEALTH_INTERVAL_MS: "200",
    DB_WRITE_POOL_MIN: "0",
    AUTOSCALING_ENABLED: "false",
    BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
  });
  delete process.env.REDIS_URL;
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("after a replica promotion the job queue, leader election and wake-ups follow the new primary", () => {
  test("a workflow started after the promotion is queued and worked on the new primary; the control loop leads there", async () => {
    const { db } = await import("@/lib/db/client");
    const { queue, repointQueue, startQueue, stopQueue } = await import("@/lib/queue");
    const { startWorkflowWorker } = await import("@/lib/workflows");
    const { createWorkflow, getExecution, startExecution } = await import("@/lib/workflows/service");
    const { startControlLoop } = await import("@/lib/control-loop");
    const { findControlLoopLeaderPid } = await import("@/lib/control-loop/leader");
    const { createReplicaPromotionProcedure } = await import("@/lib/emergency/procedures/replica-promotion");

    const database = db();
    cleanups.push(() => database.close(), () => stopQueue());
    const tenantId = await createTenant(database.primary, "repoint");
    // Starts are counted per person (a row that references the user).
    await database.primary.user.create({ data: { id: "admin-1", email: "admin@agency.test", name: "Ada Admin" } });
    const ctx = {
      tenantId,
      db: { primary: database.primary, read: (work) => database.read(work), readFresh: database.readFresh, primaryReachable: database.primaryReachable } satisfies DbAccess,
      requestId: randomUUID(),
      viewer: { user: { id: "admin-1", email: "admin@agency.test" } },
    };

    const worker = await startWorkflowWorker();
    cleanups.push(() => worker.stop(0));
    const loop = startControlLoop();
    cleanups.push(() => loop.stop());
    // A work() subscription (how the cache warmers consume their queue) must be made again on the new instance.
    const echoed: string[] = [];
    await startQueue(); // workflow runs no longer use it; the cache warmers' jobs still do
    await queue().createQueue("test.echo");
    await queue().work<{ note: string }>("test.echo", { pollingIntervalSeconds: 0.5 }, async (jobs) => void echoed.push(...jobs.map((job) => job.data.note)));

    const workflow = await createWorkflow(ctx, { name: "Across the promotion", steps: [{ id: "shape", type: "transform", config: { expression: { done: true } } }] });
    const ended = (id: string) =>
      waitFor(`execution ${id} to end`, async () => {
        const detail = await getExecution(ctx, id);
        return ["succeeded", "failed", "cancelled"].includes(detail.status) ? detail : undefined;
      });
    expect((await ended((await startExecution(ctx, workflow.id, {})).id)).status).toBe("succeeded");
    await waitFor("the control loop to be elected", async () => (loop.isLeader() ? true : undefined));
    const formerPool = new pg.Pool({ connectionString: cluster.primaryUrl, max: 1 });
    formerPool.on("error", () => {});
    expect(await findControlLoopLeaderPid(formerPool)).toBe(process.pid);
    await formerPool.end();
    expect(await sessionsOf(cluster.primaryUrl, "agency-toolkit-workflow-wakeups")).toBe(1);
    await cluster.waitForReplicaReplay();

    // The primary fails; the procedure promotes the replica (as the promoting instance).
    await cluster.stopPrimary();
    const progress: ProcedureProgress[] = [];
    const procedure = createReplicaPromotionProcedure({ database: db, catchUpTimeoutMs: 10_000 });
    const outcome = await procedure.run(
      {},
      {
        runId: randomUUID(),
        actor: { userId: "sre-1", email: "sre@agency.test" },
        approver: { userId: "admin-1", email: "admin@agency.test" },
        requestId: randomUUID(),
        signal: new AbortController().signal,
        progress: async (update) => void progress.push(update),
      },
    );
    const promotedAt = performance.now();
    expect(outcome.details).toMatchObject({ promoted: "replica1", formerFencing: "epoch" });
    expect(database.primaryUrl()).toBe(cluster.replicaUrl);

    // Started right after the promotion: the waiting execution is written to the new primary and a worker claims and runs it there.
    const started = await startExecution(ctx, workflow.id, {});
    const after = await ended(started.id);
    const workedAfterMs = performance.now() - promotedAt;
    expect(after.status).toBe("succeeded");
    const executions = await query<{ status: string }>(cluster.replicaUrl, "select status::text from workflow_execution where id = $1", [started.id]);
    expect(executions).toEqual([{ status: "succeeded" }]);
    console.info(`an execution started after the promotion finished ${workedAfterMs.toFixed(0)} ms after it`);

    // The re-made subscription works jobs sent after the promotion.
    await repointQueue(cluster.replicaUrl); // already there: waits for the move in flight, changes nothing
    await queue().send("test.echo", { note: "after-promotion" });
    await waitFor("the echo job to be worked on the new primary", async () => (echoed.includes("after-promotion") ? true : undefined));

    // The control loop's lock is held on the new primary, by this process.
    const promotedPool = new pg.Pool({ connectionString: cluster.replicaUrl, max: 1 });
    cleanups.push(() => promotedPool.end());
    await waitFor("the control loop to lead on the new primary", async () => ((await findControlLoopLeaderPid(promotedPool)) === process.pid ? true : undefined));
    expect(loop.isLeader()).toBe(true);
    console.info(`the control loop leads on the new primary ${(performance.now() - promotedAt).toFixed(0)} ms after the promotion`);
    // And the workers' LISTEN connection is there too.
    await waitFor("the wake-up connection on the new primary", async () => ((await sessionsOf(cluster.replicaUrl, "agency-toolkit-workflow-wakeups")) === 1 ? true : undefined));
  }, 120_000);
});
