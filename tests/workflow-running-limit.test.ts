import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import type { ExecutionSummaryOutput, WorkflowOpsSummaryOutput, WorkflowOutput } from "@/lib/workflows/schemas";
import { apiCaller, FAST_WORKFLOW_ENV, waitFor, type ApiCall } from "./support/workflows";

/**
 * The running limit is global: two workers with room for 5 each still run at most 3 at once.
 * And an idle worker starts new work when it is enqueued, not at its next poll.
 */
describe("the global running limit and idle wake-ups", () => {
  let app: InProcessApp;
  let api: ApiCall;
  const workers: { stop(graceMs?: number): Promise<void> }[] = [];
  let wakeTestWorker: { stop(graceMs?: number): Promise<void> } | null = null;

  beforeAll(async () => {
    app = await startInProcessApp("wf_limit", { ...FAST_WORKFLOW_ENV, WORKFLOW_MAX_RUNNING: "3", WORKFLOW_PROCESSING_CONCURRENCY: "5" });
    api = apiCaller(app);
    const { startWorkflowWorker } = await import("@/lib/workflows");
    workers.push(await startWorkflowWorker(), await startWorkflowWorker());
  });
  afterAll(async () => {
    await wakeTestWorker?.stop(0);
    for (const worker of workers) await worker.stop(0);
    const { stopQueue } = await import("@/lib/queue");
    await stopQueue();
    await app?.close();
  });

  test("at most WORKFLOW_MAX_RUNNING executions run at once across workers; the rest wait, then all finish", async () => {
    const created = await api<WorkflowOutput>("POST", "/v1/workflows", { body: { name: "Slow", steps: [{ id: "nap", type: "delay", config: { ms: 400 } }] } });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${created.body.id}/executions`, { body: {} })).body.id);

    let maxRunning = 0;
    const runningWorkers = new Set<string>();
    await waitFor("all executions to finish", async () => {
      const rows = await app.scratch.prisma.workflowExecution.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
      const running = rows.find((row) => row.status === "running")?._count ?? 0;
      maxRunning = Math.max(maxRunning, running);
      for (const slot of await app.scratch.prisma.workflowRunSlot.findMany({ where: { executionId: { not: null } } })) runningWorkers.add(slot.workerId!);
      const succeeded = rows.find((row) => row.status === "succeeded")?._count ?? 0;
      await sleep(10);
      return succeeded === ids.length ? true : undefined;
    });
    expect(maxRunning).toBe(3);
    expect(runningWorkers.size).toBe(2);
    const summary = await api<WorkflowOpsSummaryOutput>("GET", "/v1/ops/workflows/summary", { as: "sre@agency.test" });
    expect(summary.body).toMatchObject({ running: 0, runningLimit: 3, depth: 0 });
  });

  test("an idle worker is woken by the enqueue (LISTEN/NOTIFY) instead of waiting for its 10 s poll", async () => {
    for (const worker of workers.splice(0)) await worker.stop(0);
    const { startWorkflowWorker } = await import("@/lib/workflows");
    wakeTestWorker = await startWorkflowWorker({ pollIntervalMs: 10_000 });
    await sleep(500); // its first poll found nothing: it now naps for 10 s
    const created = await api<WorkflowOutput>("POST", "/v1/workflows", { body: { name: "Quick", steps: [{ id: "t", type: "transform", config: { expression: { a: 1 } } }] } });
    const enqueuedAt = Date.now();
    const started = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${created.body.id}/executions`, { body: {} });
    await waitFor("the execution to finish", async () => ((await app.scratch.prisma.workflowExecution.findUniqueOrThrow({ where: { id: started.body.id } })).status === "succeeded" ? true : undefined));
    expect(Date.now() - enqueuedAt).toBeLessThan(3_000);
  });
});
