import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import type { ExecutionDetailOutput, ExecutionSummaryOutput, WorkflowOutput } from "@/lib/workflows/schemas";
import { apiCaller, FAST_WORKFLOW_ENV, waitFor, type ApiCall } from "./support/workflows";

const ENGINE_ENV = { ...FAST_WORKFLOW_ENV, WORKFLOW_STEP_TIMEOUT_MS: "30000" };

/** `npm run worker`'s script as a process of its own (node + tsx's loader: one process, one pid to kill). */
function spawnWorker(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, ...ENGINE_ENV, DATABASE_URL: databaseUrl, DATABASE_REPLICA_URLS: "", BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef", LOG_LEVEL: "silent" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

const exited = (child: ChildProcess) => new Promise<number | string | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code, signal) => resolve(code ?? signal))));

/**
 * A worker process dies (SIGKILL) in the middle of a long step: once its lease lapses, another
 * worker resumes the execution from the checkpoint, and it completes exactly once.
 */
describe("a workflow worker process killed mid-execution", () => {
  let app: InProcessApp;
  let api: ApiCall;
  const children: ChildProcess[] = [];
  let localWorker: { stop(graceMs?: number): Promise<void> } | null = null;

  beforeAll(async () => {
    app = await startInProcessApp("wf_crash", ENGINE_ENV);
    api = apiCaller(app);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await localWorker?.stop(0);
    const { stopQueue } = await import("@/lib/queue");
    await stopQueue();
    await app?.close();
  });

  test("another worker resumes from the checkpoint; no completed step runs again", async () => {
    const created = await api<WorkflowOutput>("POST", "/v1/workflows", {
      body: {
        name: "Survives a crash",
        steps: [
          { id: "first", type: "transform", config: { expression: { order: "{{$input.order}}" } } },
          { id: "long", type: "delay", config: { ms: 3_000 } },
          { id: "last", type: "transform", config: { expression: { order: "{{$input.order}}", waited: "{{waitedMs}}", resumedAt: "{{resumedAtMs}}" } } },
        ],
      },
    });
    expect(created.status).toBe(201);
    const child = spawnWorker(app.scratch.url);
    children.push(child);
    const started = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${created.body.id}/executions`, { body: { input: { order: 42 } } });
    expect(started.status).toBe(202);
    const executionId: string = started.body.id;
    const detail = async () => (await api<ExecutionDetailOutput>("GET", `/v1/workflow-executions/${executionId}`)).body;

    // The child runs it: the first step is done and the long one has saved progress twice.
    const beforeKill = await waitFor("the child to checkpoint the long step", async () => {
      const body = await detail();
      return body.steps[1]!.status === "running" && body.steps[1]!.checkpoints >= 2 ? body : undefined;
    });
    const slot = await app.scratch.prisma.workflowRunSlot.findFirst({ where: { executionId } });
    expect(slot?.workerId).toContain(`:${child.pid}:`);
    const savedProgress = (await app.scratch.prisma.workflowStepRun.findFirst({ where: { executionId, stepIndex: 1 } }))!.progress as { elapsedMs: number };
    expect(savedProgress.elapsedMs).toBeGreaterThan(0);

    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    expect((await detail()).status).toBe("running"); // nobody knows yet: the lease still runs

    const { startWorkflowWorker } = await import("@/lib/workflows");
    localWorker = await startWorkflowWorker();
    const done = await waitFor("the execution to finish on the other worker", async () => {
      const body = await detail();
      return body.status === "succeeded" || body.status === "failed" ? body : undefined;
    });

    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(2);
    const [first, long, last] = done.steps as [ExecutionDetailOutput["steps"][number], ExecutionDetailOutput["steps"][number], ExecutionDetailOutput["steps"][number]];
    const longOutput = long.output as { resumedAtMs: number };
    // The first step ran once, before the crash, and kept its result and timing.
    expect(first).toMatchObject({ status: "succeeded", attempts: 1, finishedAt: beforeKill.steps[0]!.finishedAt, output: { order: 42 } });
    // The long step continued from the saved progress instead of starting over.
    expect(long.status).toBe("succeeded");
    expect(long.attempts).toBe(2);
    expect(longOutput.resumedAtMs).toBeGreaterThanOrEqual(savedProgress.elapsedMs);
    expect(last.output).toEqual({ order: 42, waited: 3_000, resumedAt: longOutput.resumedAtMs });

    const types: string[] = done.events.map((event) => event.type);
    const count = (type: string, stepId?: string) => done.events.filter((event) => event.type === type && (stepId === undefined || event.stepId === stepId)).length;
    expect(count("succeeded")).toBe(1);
    expect(count("step_succeeded", "first")).toBe(1);
    expect(count("step_started", "first")).toBe(1);
    expect(count("step_started", "long")).toBe(2);
    expect(count("resumed")).toBe(1);
    // The lapse put it back in the queue before the resume.
    expect(types.indexOf("resumed")).toBeGreaterThan(types.lastIndexOf("queued"));
    expect(done.events.find((event, index) => event.type === "queued" && index > 0)!.message).toContain("stopped renewing the lease");
    // Its slot is free again and nothing else claims the execution.
    expect(await app.scratch.prisma.workflowRunSlot.count({ where: { executionId } })).toBe(0);
  });

  test("SIGTERM: the worker process hands its running execution back to the queue and exits", async () => {
    const created = await api<WorkflowOutput>("POST", "/v1/workflows", { body: { name: "Graceful", steps: [{ id: "long", type: "delay", config: { ms: 20_000 } }] } });
    await localWorker?.stop(0);
    localWorker = null;
    const child = spawnWorker(app.scratch.url);
    children.push(child);
    const started = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${created.body.id}/executions`, { body: {} });
    const executionId: string = started.body.id;
    await waitFor("the child to run it", async () => ((await app.scratch.prisma.workflowRunSlot.findFirst({ where: { executionId } }))?.workerId?.includes(`:${child.pid}:`) ? true : undefined));
    const stoppedAt = Date.now();
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    // Handed back after the grace period (10 s), long before the 20 s step would end.
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    const afterStop = await app.scratch.prisma.workflowExecution.findUniqueOrThrow({ where: { id: executionId } });
    expect(afterStop.status).toBe("queued");
  }, 30_000);
});
