import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import type { QueuePauseOutput, TenantQueueViewOutput } from "@/lib/workflows/queue-control-schemas";
import { apiCaller, FAST_WORKFLOW_ENV, waitFor, type ApiCall } from "./support/workflows";

/**
 * Operators' queue controls on a real database with a real worker: pausing one tenant's runs or
 * the whole queue (an audited override), the per-tenant queue view, and the labelled depth gauge.
 */
describe("workflow queue controls", () => {
  let app: InProcessApp;
  let api: ApiCall;
  let worker: { stop(graceMs?: number): Promise<void> } | null = null;
  const tenants: Record<string, string> = {};

  beforeAll(async () => {
    app = await startInProcessApp("wf_controls", FAST_WORKFLOW_ENV);
    api = apiCaller(app);
    for (const tenant of await app.scratch.prisma.tenant.findMany()) tenants[tenant.slug] = tenant.id;
    const { startWorkflowWorker } = await import("@/lib/workflows");
    worker = await startWorkflowWorker();
  });
  afterAll(async () => {
    await worker?.stop(0);
    await app?.close();
  });

  async function workflowOf(slug: string, steps: unknown[]): Promise<string> {
    return (await app.scratch.prisma.workflow.create({ data: { tenantId: tenants[slug]!, name: `${slug} ${Math.random()}`, definition: { steps } as object } })).id;
  }
  async function queue(slug: string, workflowId: string, steps: unknown[]): Promise<string> {
    const { insertExecution } = await import("@/lib/workflows/repo");
    const { announceQueuedRuns } = await import("@/lib/workflows/job-queue");
    const row = await insertExecution(app.scratch.prisma, { tenantId: tenants[slug]!, workflowId, steps: steps as never, workflowType: "mixed", input: {} });
    await announceQueuedRuns(app.scratch.prisma, 1);
    return row.id;
  }
  const statusOf = async (id: string) => (await app.scratch.prisma.workflowExecution.findUniqueOrThrow({ where: { id } })).status;
  const succeeded = (id: string) => waitFor(`execution ${id} to succeed`, async () => ((await statusOf(id)) === "succeeded" ? true : undefined));

  test("pausing one tenant: its running step finishes, its runs wait, other tenants run; resuming lets them finish; both audited", async () => {
    const twoSteps = [
      { id: "nap", type: "delay", config: { ms: 4_000 } },
      { id: "shape", type: "transform", config: { expression: { done: true } } },
    ];
    const oneStep = [{ id: "shape", type: "transform", config: { expression: { done: true } } }];
    const northwindFlow = await workflowOf("northwind", twoSteps);
    const inFlight = await queue("northwind", northwindFlow, twoSteps);
    await waitFor("the first step to start", async () => ((await statusOf(inFlight)) === "running" ? true : undefined));

    const paused = await api<QueuePauseOutput>("POST", "/v1/ops/workflows/pauses", { as: "sre@agency.test", body: { tenantId: tenants.northwind, minutes: 30, reason: "noisy tenant" } });
    expect(paused.status, JSON.stringify(paused.body)).toBe(201);
    expect(paused.body).toMatchObject({ tenantId: tenants.northwind, owner: "sre@agency.test", reason: "noisy tenant" });

    const waiting = await queue("northwind", northwindFlow, oneStep);
    const other = await queue("bluefin", await workflowOf("bluefin", oneStep), oneStep);
    await succeeded(other);
    // The running step ended, then the run went back to waiting instead of starting its next step.
    let last = "";
    await waitFor(
      "the in-flight run to stop between steps",
      async () => {
        last = await statusOf(inFlight);
        if (last === "succeeded") throw new Error("the paused tenant's run went on to its next step");
        return last === "queued" ? true : undefined;
      },
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message} (last status ${last})`);
    });
    const steps = await app.scratch.prisma.workflowStepRun.findMany({ where: { executionId: inFlight }, orderBy: { stepIndex: "asc" } });
    expect(steps.map((step) => [step.stepId, step.status])).toEqual([["nap", "succeeded"]]);
    await sleep(500);
    expect(await statusOf(waiting)).toBe("queued");

    const view = await api<TenantQueueViewOutput>("GET", "/v1/ops/workflows/tenants", { as: "viewer@agency.test" });
    expect(view.status).toBe(200);
    expect(view.body.pauses.map((pause) => pause.id)).toEqual([paused.body.id]);
    const northwindRow = view.body.tenants.find((row) => row.tenantId === tenants.northwind);
    expect(northwindRow).toMatchObject({ waiting: 2, paused: true, share: 1 });
    expect(view.body.dominantTenantId).toBe(tenants.northwind);

    const resumed = await api<QueuePauseOutput>("DELETE", `/v1/ops/workflows/pauses/${paused.body.id}`, { as: "sre@agency.test" });
    expect(resumed.status).toBe(200);
    await succeeded(inFlight);
    await succeeded(waiting);
    // It was handed back between the steps, saying why.
    const events = await app.scratch.prisma.workflowExecutionEvent.findMany({ where: { executionId: inFlight, type: "queued" } });
    expect(events.some((event) => event.message?.includes("the queue is paused"))).toBe(true);
    const audit = await app.scratch.prisma.auditEntry.findMany({ where: { target: `override:${paused.body.id}` }, orderBy: { at: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["override.create", "override.end"]);
  });

  test("pausing the whole queue holds every tenant's new runs until resumed", async () => {
    const oneStep = [{ id: "shape", type: "transform", config: { expression: { done: true } } }];
    const paused = await api<QueuePauseOutput>("POST", "/v1/ops/workflows/pauses", { as: "sre@agency.test", body: { minutes: 5, reason: "database maintenance" } });
    expect(paused.status).toBe(201);
    expect(paused.body.tenantId).toBeNull();
    const ids = [await queue("northwind", await workflowOf("northwind", oneStep), oneStep), await queue("copperleaf", await workflowOf("copperleaf", oneStep), oneStep)];
    await sleep(600);
    for (const id of ids) expect(await statusOf(id)).toBe("queued");
    expect((await api("DELETE", `/v1/ops/workflows/pauses/${paused.body.id}`, { as: "sre@agency.test" })).status).toBe(200);
    for (const id of ids) await succeeded(id);
  });

  test("only sre may pause; bad input names the field; resuming an unknown pause is 404", async () => {
    expect((await api("POST", "/v1/ops/workflows/pauses", { as: "viewer@agency.test", body: { minutes: 5, reason: "x" } })).status).toBe(403);
    expect((await api("POST", "/v1/ops/workflows/pauses", { as: "member@agency.test", body: { minutes: 5, reason: "x" } })).status).toBe(403);
    const bad = await api("POST", "/v1/ops/workflows/pauses", { as: "sre@agency.test", body: { minutes: 0, reason: "" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.body.errors?.map((error) => error.path).sort()).toEqual(["json.minutes", "json.reason"]);
    expect((await api("DELETE", "/v1/ops/workflows/pauses/00000000-0000-4000-8000-000000000000", { as: "sre@agency.test" })).status).toBe(404);
  });

  test("the depth gauge is labelled by tenant, bounded to the largest ones plus `other`", async () => {
    const { readWorkflowQueueFigures } = await import("@/lib/workflows/ops-service");
    const figures = await readWorkflowQueueFigures();
    expect(figures.depthByTenant.at(-1)?.tenant).toBe("other");
    expect(figures.depthByTenant.length).toBeLessThanOrEqual(11);
  });
});
