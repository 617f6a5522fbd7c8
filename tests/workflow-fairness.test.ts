import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import type { ExecutionSummaryOutput } from "@/lib/workflows/schemas";
import { apiCaller, FAST_WORKFLOW_ENV, waitFor, type ApiCall, type ProblemBody } from "./support/workflows";

const DELAY_STEP = (ms: number) => [{ id: "nap", type: "delay", config: { ms } }];

/**
 * Fair sharing on a real database: dispatch round-robin across tenants, each tenant held to its
 * running quota; a tenant at its waiting quota is refused (429) while another starts normally;
 * one person's start rate is limited.
 */
describe("workflow fair sharing", () => {
  let app: InProcessApp;
  let api: ApiCall;
  let worker: { stop(graceMs?: number): Promise<void> } | null = null;
  const tenants: Record<string, string> = {};

  beforeAll(async () => {
    app = await startInProcessApp("wf_fair", {
      ...FAST_WORKFLOW_ENV,
      WORKFLOW_TENANT_MAX_WAITING: "5",
      WORKFLOW_USER_START_RATE: "1",
      WORKFLOW_USER_START_BURST: "3",
    });
    api = apiCaller(app);
    for (const tenant of await app.scratch.prisma.tenant.findMany()) tenants[tenant.slug] = tenant.id;
  });
  afterAll(async () => {
    await worker?.stop(0);
    await app?.close();
  });

  async function workflowOf(slug: string, steps: unknown[]): Promise<string> {
    const row = await app.scratch.prisma.workflow.create({ data: { tenantId: tenants[slug]!, name: `${slug} ${Math.random()}`, definition: { steps } as object } });
    return row.id;
  }
  /** Waiting runs written directly (a backlog), oldest first. */
  async function queueDirectly(slug: string, workflowId: string, count: number, steps: unknown[]): Promise<string[]> {
    const { insertExecution } = await import("@/lib/workflows/repo");
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await insertExecution(app.scratch.prisma, { tenantId: tenants[slug]!, workflowId, steps: steps as never, workflowType: "delay", input: { i } })).id);
    }
    return ids;
  }
  const allDone = (ids: string[]) =>
    waitFor("the runs to finish", async () => ((await app.scratch.prisma.workflowExecution.count({ where: { id: { in: ids }, status: "succeeded" } })) === ids.length ? true : undefined), 30_000);

  test("a tenant's single run starts next to a big backlog of another tenant's, not after it", async () => {
    const backlogFlow = await workflowOf("northwind", DELAY_STEP(40));
    const smallFlow = await workflowOf("bluefin", DELAY_STEP(40));
    const backlog = await queueDirectly("northwind", backlogFlow, 30, DELAY_STEP(40));
    const [single] = await queueDirectly("bluefin", smallFlow, 1, DELAY_STEP(40));
    const { startWorkflowWorker } = await import("@/lib/workflows");
    worker = await startWorkflowWorker({ concurrency: 2 });
    await allDone([...backlog, single!]);
    const small = await app.scratch.prisma.workflowExecution.findUniqueOrThrow({ where: { id: single! } });
    const backlogStartedBefore = await app.scratch.prisma.workflowExecution.count({ where: { id: { in: backlog }, startedAt: { lt: small.startedAt! } } });
    // Oldest-first would start all 30 before it; round-robin starts it with the first claim.
    expect(backlogStartedBefore).toBeLessThanOrEqual(1);
    await worker.stop(0);
    worker = null;
  });

  test("a tenant never runs more than its running quota at once, while another tenant's run still starts", async () => {
    const backlogFlow = await workflowOf("northwind", DELAY_STEP(300));
    const otherFlow = await workflowOf("copperleaf", DELAY_STEP(300));
    const backlog = await queueDirectly("northwind", backlogFlow, 9, DELAY_STEP(300));
    const { startWorkflowWorker } = await import("@/lib/workflows");
    worker = await startWorkflowWorker({ concurrency: 8, tenantMaxRunning: 3 });
    await sleep(100);
    const [other] = await queueDirectly("copperleaf", otherFlow, 1, DELAY_STEP(300));
    let maxRunning = 0;
    let otherRanAlongside = false;
    await waitFor("the runs to finish", async () => {
      const rows = await app.scratch.prisma.workflowExecution.findMany({ where: { id: { in: [...backlog, other!] } }, select: { id: true, status: true } });
      const running = rows.filter((row) => row.status === "running" && row.id !== other).length;
      maxRunning = Math.max(maxRunning, running);
      if (running > 0 && rows.find((row) => row.id === other)?.status === "running") otherRanAlongside = true;
      return rows.every((row) => row.status === "succeeded") ? true : undefined;
    });
    expect(maxRunning).toBe(3);
    expect(otherRanAlongside).toBe(true);
    await worker.stop(0);
    worker = null;
  });

  test("a tenant at its waiting quota is refused with 429 naming the quota; another tenant starts normally", async () => {
    const northwindFlow = await workflowOf("northwind", DELAY_STEP(10));
    const bluefinFlow = await workflowOf("bluefin", DELAY_STEP(10));
    await queueDirectly("northwind", northwindFlow, 4, DELAY_STEP(10));
    const fifth = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${northwindFlow}/executions`, { as: "sre@agency.test", body: {} });
    expect(fifth.status, JSON.stringify(fifth.body)).toBe(202);
    const refused = await api<ProblemBody>("POST", `/v1/workflows/${northwindFlow}/executions`, { as: "sre@agency.test", body: {} });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.detail).toContain("WORKFLOW_TENANT_MAX_WAITING");
    expect(await app.scratch.prisma.workflowExecution.count({ where: { workflowId: northwindFlow } })).toBe(5);

    const other = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${bluefinFlow}/executions`, { as: "designer@bluefin.test", body: {} });
    expect(other.status, JSON.stringify(other.body)).toBe(202);
    expect(other.body.status).toBe("queued");
  });

  test("one person's starts are rate limited (burst, then the refill rate) with 429 and Retry-After", async () => {
    const flow = await workflowOf("copperleaf", DELAY_STEP(10));
    const start = () => api<ProblemBody>("POST", `/v1/workflows/${flow}/executions`, { as: "lead@copperleaf.test", body: {} });
    for (let i = 0; i < 3; i++) expect((await start()).status).toBe(202);
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body.detail).toContain("WORKFLOW_USER_START_RATE");
    expect(await app.scratch.prisma.workflowExecution.count({ where: { workflowId: flow } })).toBe(3);
    await sleep(1_100);
    expect((await start()).status).toBe(202);
  });
});
