import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import type { DeadLetterDetailOutput, DeadLetterOutput, ExecutionDetailOutput, ExecutionSummaryOutput, RetryDeadLettersOutput, WorkflowOpsSummaryOutput, WorkflowOutput } from "@/lib/workflows/schemas";
import { apiCaller, FAST_WORKFLOW_ENV, waitFor, type ApiCall } from "./support/workflows";

/**
 * The workflow engine on a real database, driven through the API, with a real worker (pg-boss
 * queue, run slots, leases) in this process.
 */
describe("workflow engine", () => {
  let app: InProcessApp;
  let api: ApiCall;
  let worker: { stop(graceMs?: number): Promise<void> } | null = null;
  let hangingServer: http.Server;
  const hangingRequests: { closedAfterMs: number | null }[] = [];

  beforeAll(async () => {
    app = await startInProcessApp("wf_engine", { ...FAST_WORKFLOW_ENV, WORKFLOW_QUEUE_MAX_SIZE: "200" });
    api = apiCaller(app);
    const { startWorkflowWorker } = await import("@/lib/workflows");
    worker = await startWorkflowWorker();
    // Never answers: the only way a request to it ends is the client aborting it.
    hangingServer = http.createServer((req) => {
      const record: { closedAfterMs: number | null } = { closedAfterMs: null };
      const openedAt = Date.now();
      hangingRequests.push(record);
      req.socket.on("close", () => (record.closedAfterMs = Date.now() - openedAt));
    });
    await new Promise<void>((resolve) => hangingServer.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await worker?.stop(0);
    hangingServer?.close();
    const { stopQueue } = await import("@/lib/queue");
    await stopQueue();
    await app?.close();
  });

  async function createWorkflow(name: string, steps: unknown[]): Promise<string> {
    const created = await api<WorkflowOutput>("POST", "/v1/workflows", { body: { name, steps } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }
  async function run(workflowId: string, input?: unknown): Promise<string> {
    const started = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${workflowId}/executions`, { body: input === undefined ? {} : { input } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return started.body.id;
  }
  const detail = async (id: string) => (await api<ExecutionDetailOutput>("GET", `/v1/workflow-executions/${id}`)).body;
  const finished = (id: string, timeoutMs?: number) =>
    waitFor(
      `execution ${id} to end`,
      async () => {
        const body = await detail(id);
        return ["succeeded", "failed", "cancelled"].includes(body.status) ? body : undefined;
      },
      timeoutMs,
    );

  test("runs steps in order, each reading the previous step's output", async () => {
    const id = await createWorkflow("Chain", [
      { id: "wait", type: "delay", config: { ms: 30 } },
      { id: "shape", type: "transform", config: { expression: { waited: "{{waitedMs}}", customer: "{{$input.customer}}", line: "hi {{$input.customer}}" } } },
    ]);
    const result = await finished(await run(id, { customer: "Ada" }));
    expect(result.status).toBe("succeeded");
    expect(result.output).toEqual({ waited: 30, customer: "Ada", line: "hi Ada" });
    expect(result.steps.map((step: { stepId: string; status: string; attempts: number }) => [step.stepId, step.status, step.attempts])).toEqual([
      ["wait", "succeeded", 1],
      ["shape", "succeeded", 1],
    ]);
    expect(result.durationMs).toBeGreaterThanOrEqual(30);
    expect(result.events.map((event: { type: string }) => event.type)).toEqual([
      "queued",
      "started",
      "step_started",
      "step_succeeded",
      "checkpoint",
      "step_started",
      "step_succeeded",
      "checkpoint",
      "succeeded",
    ]);
  });

  test("retries a failing step and succeeds once it stops failing", async () => {
    const id = await createWorkflow("Flaky", [{ id: "flaky", type: "fail", config: { message: "upstream said 503", times: 2 } }]);
    const result = await finished(await run(id));
    expect(result.status).toBe("succeeded");
    expect(result.steps[0]).toMatchObject({ stepId: "flaky", status: "succeeded", attempts: 3, output: { passedOnAttempt: 3 } });
    const types = result.events.map((event: { type: string }) => event.type);
    expect(types.filter((type: string) => type === "step_failed")).toHaveLength(2);
    expect(types.filter((type: string) => type === "step_retry_scheduled")).toHaveLength(2);
  });

  test("retries exhausted: the execution fails with the step's error and waits in the dead-letter queue", async () => {
    const id = await createWorkflow("Broken", [
      { id: "ok", type: "transform", config: { expression: { a: 1 } } },
      { id: "broken", type: "fail", config: { message: "mail provider unavailable" } },
      { id: "never", type: "transform", config: { expression: { b: 2 } } },
    ]);
    const executionId = await run(id);
    const result = await finished(executionId);
    expect(result.status).toBe("failed");
    expect(result.error).toBe('step "broken" failed after 4 attempts: mail provider unavailable');
    expect(result.steps.map((step: { status: string; attempts: number }) => [step.status, step.attempts])).toEqual([
      ["succeeded", 1],
      ["failed", 4],
      ["skipped", 0],
    ]);
    const deadLetters = await api<{ items: DeadLetterOutput[] }>("GET", "/v1/ops/workflows/dead-letter?limit=100", { as: "sre@agency.test" });
    expect(deadLetters.status).toBe(200);
    expect(deadLetters.body.items.find((item: { id: string }) => item.id === executionId)).toMatchObject({ failedStepId: "broken", status: "failed" });

    // The detail says which step failed, each attempt's error and time, and what the step was given.
    const listed = deadLetters.body.items.find((item: { id: string }) => item.id === executionId)!;
    const full = await api<DeadLetterDetailOutput>("GET", `/v1/ops/workflows/dead-letter/${executionId}`, { as: "sre@agency.test" });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ tenantId: listed.tenantId, tenantName: listed.tenantName, failedStep: { index: 1, stepId: "broken", type: "fail", attempts: 4, error: "mail provider unavailable" }, stepInput: { a: 1 }, stepInputTruncated: false });
    expect(full.body.failedAttempts.map((attempt) => [attempt.attempt, attempt.message])).toEqual([1, 2, 3, 4].map((attempt) => [attempt, "mail provider unavailable"]));
    expect(full.body.failedAttempts.every((attempt) => !Number.isNaN(Date.parse(attempt.at)))).toBe(true);
    expect((await api("GET", `/v1/ops/workflows/dead-letter/${executionId}`, { as: "lead@copperleaf.test" })).status).toBe(403);
    const succeeded = await finished(await run(await createWorkflow("Fine", [{ id: "ok", type: "transform", config: { expression: { a: 1 } } }])));
    expect((await api("GET", `/v1/ops/workflows/dead-letter/${succeeded.id}`, { as: "sre@agency.test" })).status).toBe(404);
  });

  test("a step that times out is aborted: the hung request's socket is closed by the client", async () => {
    const { port } = hangingServer.address() as AddressInfo;
    const id = await createWorkflow("Hangs", [{ id: "call", type: "http", config: { url: `http://127.0.0.1:${port}/slow`, method: "GET", timeoutMs: 300 } }]);
    const before = hangingRequests.length;
    const result = await finished(await run(id));
    expect(result.status).toBe("failed");
    expect(result.steps[0]!.error).toBe("step timed out after 300 ms (aborted)");
    const requests = hangingRequests.slice(before);
    expect(requests).toHaveLength(4);
    // Each attempt's connection was closed by the abort at ~300 ms, not left hanging.
    for (const request of requests) {
      expect(request.closedAfterMs).not.toBeNull();
      expect(request.closedAfterMs!).toBeLessThan(1_000);
    }
  });

  test("a delay longer than the step timeout is stopped at the timeout, not at its end", async () => {
    const id = await createWorkflow("Too long", [{ id: "nap", type: "delay", config: { ms: 60_000 } }]);
    const startedAt = Date.now();
    const result = await finished(await run(id));
    expect(result.status).toBe("failed");
    expect(result.steps[0]!.error).toBe("step timed out after 1500 ms (aborted)");
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    // The timer slices checkpointed progress while they ran.
    expect(result.steps[0]!.checkpoints).toBeGreaterThan(0);
  });

  test("a cancel takes effect at the next checkpoint of a running step", async () => {
    const id = await createWorkflow("Long", [
      { id: "nap", type: "delay", config: { ms: 1_200 } },
      { id: "after", type: "transform", config: { expression: { a: 1 } } },
    ]);
    const executionId = await run(id);
    await waitFor("the delay to run", async () => ((await detail(executionId)).steps[0]!.status === "running" ? true : undefined));
    const cancelled = await api<ExecutionSummaryOutput>("POST", `/v1/workflow-executions/${executionId}/cancel`);
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.cancelRequested).toBe(true);
    const result = await finished(executionId);
    expect(result.status).toBe("cancelled");
    expect(result.steps.map((step: { status: string }) => step.status)).toEqual(["skipped", "skipped"]);
    expect(result.steps[0]!.error).toBe("cancelled at a checkpoint");
    expect(result.durationMs).toBeLessThan(1_200);
    const again = await api("POST", `/v1/workflow-executions/${executionId}/cancel`);
    expect(again.status).toBe(202);
  });

  test("an sre retries dead letters: preview the count, confirm it, and they run again (audited)", async () => {
    const id = await createWorkflow("Recovers later", [{ id: "flaky", type: "fail", config: { message: "still down", times: 5 } }]);
    const executionId = await run(id);
    expect((await finished(executionId)).status).toBe("failed");

    for (const tenantRole of ["member@agency.test", "lead@copperleaf.test"]) {
      expect((await api("POST", "/v1/ops/workflows/dead-letter/retry", { as: tenantRole, body: { dryRun: true } })).status, tenantRole).toBe(403);
    }
    const preview = await api<RetryDeadLettersOutput>("POST", "/v1/ops/workflows/dead-letter/retry", { as: "sre@agency.test", body: { dryRun: true } });
    expect(preview.status).toBe(200);
    expect(preview.body.retried).toBe(0);
    const stale = await api("POST", "/v1/ops/workflows/dead-letter/retry", { as: "sre@agency.test", body: { dryRun: false, confirmCount: preview.body.count + 1 } });
    expect(stale.status).toBe(409);
    const missingConfirm = await api("POST", "/v1/ops/workflows/dead-letter/retry", { as: "sre@agency.test", body: { dryRun: false } });
    expect(missingConfirm.status).toBe(400);

    const retried = await api<RetryDeadLettersOutput>("POST", "/v1/ops/workflows/dead-letter/retry", { as: "sre@agency.test", body: { dryRun: false, confirmCount: preview.body.count } });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ dryRun: false, count: preview.body.count, retried: preview.body.count });
    // 4 attempts failed before; the retry brings attempts 5 (fails) and 6 (passes).
    const result = await finished(executionId);
    expect(result.status).toBe("succeeded");
    expect(result.steps[0]).toMatchObject({ status: "succeeded", attempts: 6 });
    expect(result.events.some((event: { type: string }) => event.type === "retried_by_operator")).toBe(true);
    const audit = await app.scratch.prisma.auditEntry.findMany({ where: { action: "workflow_execution.retry_all" } });
    expect(audit).toEqual([expect.objectContaining({ target: "workflow_dead_letter:all", actorEmail: "sre@agency.test", tenantId: null, after: expect.objectContaining({ status: "queued" }) })]);
  });

  test("one dead letter retried by id", async () => {
    const id = await createWorkflow("Once more", [{ id: "flaky", type: "fail", config: { message: "nope", times: 4 } }]);
    const executionId = await run(id);
    expect((await finished(executionId)).status).toBe("failed");
    const retried = await api<ExecutionSummaryOutput>("POST", `/v1/ops/workflow-executions/${executionId}/retry`, { as: "sre@agency.test" });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe("queued");
    expect((await finished(executionId)).status).toBe("succeeded");
    expect((await api("POST", `/v1/ops/workflow-executions/${executionId}/retry`, { as: "sre@agency.test" })).status).toBe(404);
  });

  test("the ops summary reports the queue, the slots and the last minutes' throughput", async () => {
    const summary = await waitFor("throughput counters to be flushed", async () => {
      const response = await api<WorkflowOpsSummaryOutput>("GET", "/v1/ops/workflows/summary", { as: "manager@agency.test" });
      expect(response.status).toBe(200);
      return response.body.windows.last5m.succeeded > 0 ? response.body : undefined;
    });
    expect(summary).toMatchObject({ depthLimit: 200, runningLimit: 100 });
    expect(summary.windows.last5m.retries).toBeGreaterThan(0);
    expect(summary.windows.last1h.failed).toBeGreaterThan(0);
    expect(summary.workers.length).toBe(1);
    expect((await api("GET", "/v1/ops/workflows/summary", { as: "member@agency.test" })).status).toBe(403);
    expect((await api("GET", "/v1/ops/workflows/summary", { as: "lead@copperleaf.test" })).status).toBe(403);
  });

  test("metrics: executions by status and workflow type, step durations and retries, queue gauges", async () => {
    const { startInProcessWorkflowWork } = await import("@/lib/workflows");
    await startInProcessWorkflowWork(); // registers the gauges (the worker itself is off in this file)
    const { metrics } = await import("@/lib/metrics/registry");
    const text = await metrics.registry.metrics();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
    expect(value(/^workflow_executions_total\{status="succeeded",workflow_type="delay\+transform"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^workflow_executions_total\{status="failed",workflow_type="fail\+transform"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^workflow_executions_total\{status="cancelled",workflow_type="delay\+transform"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^agency_workflow_step_duration_seconds_count\{type="fail",outcome="failed"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^agency_workflow_step_retries_total\{type="fail"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^agency_workflow_execution_duration_seconds_count\{status="succeeded",workflow_type="fail"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(value(/^agency_workflow_running_limit (\d+)$/m)).toBe(100);
    expect(value(/^agency_workflow_queue_depth (\d+)$/m)).toBeGreaterThanOrEqual(0);
    expect(value(/^agency_workflow_oldest_waiting_age_seconds ([\d.]+)$/m)).toBeGreaterThanOrEqual(0);
    // No tenant or workflow names among the labels.
    expect(text).not.toContain("Chain");
  });

  test("definitions are validated on save: 400 names the step and the field; only admins write", async () => {
    const bad = await api("POST", "/v1/workflows", {
      body: {
        name: "Bad",
        steps: [
          { id: "ok", type: "delay", config: { ms: 10 } },
          { id: "call", type: "http", config: { url: "ftp://example.test", method: "GET", timeoutMs: 100 } },
          { id: "ok", type: "transform", config: { expression: {} } },
          { id: "Bad Id", type: "teleport", config: {} },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const paths = bad.body.errors!.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["json.steps.1.config.url", "json.steps.2.config.expression", "json.steps.3.type"]));
    expect(bad.body.errors!.find((error) => error.path === "json.steps.1.config.url")!.message).toContain("http");
    const duplicate = await api("POST", "/v1/workflows", { body: { name: "Dup", steps: [{ id: "a", type: "delay", config: { ms: 1 } }, { id: "a", type: "delay", config: { ms: 1 } }] } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors).toEqual([{ path: "json.steps.1.id", message: 'duplicate step id "a"' }]);
    expect((await api("POST", "/v1/workflows", { body: { name: "No steps", steps: [] } })).status).toBe(400);
    expect((await api("POST", "/v1/workflows", { as: "member@agency.test", body: { name: "Mine", steps: [{ id: "a", type: "delay", config: { ms: 1 } }] } })).status).toBe(403);

    const id = await createWorkflow("Editable", [{ id: "a", type: "delay", config: { ms: 1 } }]);
    const badUpdate = await api("PUT", `/v1/workflows/${id}`, { body: { name: "Editable", steps: [{ id: "a", type: "fail", config: { message: "" } }] } });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.errors![0]!.path).toBe("json.steps.0.config.message");
    const updated = await api<WorkflowOutput>("PUT", `/v1/workflows/${id}`, { body: { name: "Edited", description: "now two steps", steps: [{ id: "a", type: "delay", config: { ms: 1 } }, { id: "b", type: "transform", config: { expression: { x: "{{waitedMs}}" } } }] } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "Edited", description: "now two steps" });
    expect((await api<WorkflowOutput>("GET", `/v1/workflows/${id}`)).body.steps).toHaveLength(2);
    const listed = await api<{ items: WorkflowOutput[] }>("GET", "/v1/workflows?limit=100");
    expect(listed.body.items.some((workflow: { id: string }) => workflow.id === id)).toBe(true);
    expect((await api("POST", `/v1/workflows/${id}/executions`, { body: { input: { big: "x".repeat(70_000) } } })).status).toBe(400);
    expect((await api("DELETE", `/v1/workflows/${id}`)).status).toBe(200);
    expect((await api("GET", `/v1/workflows/${id}`)).status).toBe(404);
  });

  test("create, update and delete each write one audit entry of the tenant; secret-looking headers show as [redacted] and keep their stored value", async () => {
    const secret = "Bearer wf-s3cret-token";
    const steps = [{ id: "call", type: "http", config: { url: "http://127.0.0.1:9/hook", method: "POST", timeoutMs: 100, headers: { authorization: secret, "x-trace": "visible" } } }];
    const created = await api<WorkflowOutput>("POST", "/v1/workflows", { body: { name: "Calls out", steps } });
    expect(created.status).toBe(201);
    expect(created.body.steps[0]).toMatchObject({ config: { headers: { authorization: "[redacted]", "x-trace": "visible" } } });
    const id = created.body.id;

    // Saved back as the editor shows it: the placeholder keeps the stored secret.
    const updated = await api<WorkflowOutput>("PUT", `/v1/workflows/${id}`, { body: { name: "Calls out, renamed", steps: created.body.steps } });
    expect(updated.status).toBe(200);
    expect(JSON.stringify(updated.body)).not.toContain(secret);
    const stored = await app.scratch.prisma.workflow.findUniqueOrThrow({ where: { id } });
    // Stored encrypted: the stored value opens to the secret sent at creation.
    expect(JSON.stringify(stored.definition)).not.toContain(secret);
    const { decryptSecret, workflowSecretsKey } = await import("@/lib/workflows/secret-crypto");
    const storedSteps = (stored.definition as { steps: { config: { headers: Record<string, string> } }[] }).steps;
    expect(decryptSecret(storedSteps[0]!.config.headers.authorization!, workflowSecretsKey())).toBe(secret);
    expect((await api("DELETE", `/v1/workflows/${id}`)).status).toBe(200);

    const entries = await app.scratch.prisma.auditEntry.findMany({ where: { target: `workflow:${id}` }, orderBy: { seq: "asc" } });
    expect(entries.map((entry) => entry.action)).toEqual(["workflow.create", "workflow.update", "workflow.delete"]);
    expect(entries.every((entry) => entry.tenantId === stored.tenantId && entry.actorEmail === "admin@agency.test")).toBe(true);
    expect(entries[1]).toMatchObject({ before: { name: "Calls out" }, after: { name: "Calls out, renamed" } });
    expect(JSON.stringify(entries.map((entry) => [entry.before, entry.after]))).not.toContain(secret);
  });

  test("a start is one row: a start that fails at commit leaves nothing queued", async () => {
    // Fails the start's transaction at COMMIT, after both the execution row and the job were written.
    await app.scratch.prisma.$executeRawUnsafe(`
      create function fail_marked_start() returns trigger language plpgsql as $$
      begin raise exception 'injected commit failure'; end $$`);
    await app.scratch.prisma.$executeRawUnsafe(`
      create constraint trigger fail_marked_start after insert on workflow_execution deferrable initially deferred
      for each row when (new.input ->> 'explode' = 'at-commit') execute function fail_marked_start()`);
    try {
      const id = await createWorkflow("Explodes", [{ id: "t", type: "transform", config: { expression: { a: 1 } } }]);
      const response = await api("POST", `/v1/workflows/${id}/executions`, { body: { input: { explode: "at-commit" } } });
      expect(response.status).toBe(500);
      expect(await app.scratch.prisma.workflowExecution.count({ where: { workflowId: id } })).toBe(0);
      // The same start without the marker commits, and a worker runs it.
      const ok = await run(id, { explode: "no" });
      expect(await app.scratch.prisma.workflowExecution.count({ where: { id: ok } })).toBe(1);
    } finally {
      await app.scratch.prisma.$executeRawUnsafe("drop trigger fail_marked_start on workflow_execution");
    }
  });

  test("the queue is bounded: beyond the limit a start is refused with 503 and Retry-After, nothing written", async () => {
    await worker?.stop(0);
    worker = null;
    const id = await createWorkflow("Fill", [{ id: "t", type: "transform", config: { expression: { a: 1 } } }]);
    const { depth } = (await api<WorkflowOpsSummaryOutput>("GET", "/v1/ops/workflows/summary", { as: "sre@agency.test" })).body;
    for (let i = depth; i < 200; i++) await run(id);
    const countRows = () => app.scratch.prisma.workflowExecution.count({ where: { workflowId: id } });
    const rowsBefore = await countRows();
    const refused = await api("POST", `/v1/workflows/${id}/executions`, { body: {} });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.detail).toContain("queue is full");
    expect(await countRows()).toBe(rowsBefore);
  });
});
