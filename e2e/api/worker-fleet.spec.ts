import { expect, test, type APIRequestContext } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

type Fleet = {
  mode: string;
  desired: number;
  min: number;
  workers: { pid: number; state: string; rssBytes: number | null }[];
  scaling: { desired: number; reasons: string[]; signals: { queueLength: number } } | null;
};

test.describe.configure({ timeout: 120_000 });

const QUEUED_EXECUTIONS = 160;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function fleet(request: APIRequestContext): Promise<Fleet> {
  const response = await request.get("/api/v1/ops/workflow-workers");
  expect(response.status()).toBe(200);
  return (await response.json()) as Fleet;
}

const runningPids = async (request: APIRequestContext) => (await fleet(request)).workers.filter((worker) => worker.state === "running").map((worker) => worker.pid);

test("workflow workers are real processes: a killed one is replaced, their runs are counted at /api/metrics, and a queue over 100 adds one", async ({ request }) => {
  await signInThroughApi(request, ACCOUNTS.admin);

  const initial = await fleet(request);
  expect(initial.mode).toBe("processes");
  expect(initial.min).toBe(2);
  await expect.poll(async () => (await runningPids(request)).length, { timeout: 20_000 }).toBe(2);
  const [victim, survivor] = await runningPids(request);
  expect([victim, survivor].every((pid) => isAlive(pid!))).toBe(true);

  process.kill(victim!, "SIGKILL");
  await expect
    .poll(async () => {
      const pids = await runningPids(request);
      return pids.length === 2 && pids.includes(survivor!) && !pids.includes(victim!);
    }, { timeout: 20_000 })
    .toBe(true);

  // The app instances run no workflows themselves here: a finished run counted at /api/metrics
  // comes from a worker process's registry, collected by the supervisor.
  const quick = await request.post("/api/v1/workflows", { data: { name: "Fleet metrics", steps: [{ id: "tick", type: "delay", config: { ms: 10 } }] } });
  expect(quick.status(), await quick.text()).toBe(201);
  const quickRun = await request.post(`/api/v1/workflows/${((await quick.json()) as { id: string }).id}/executions`, { data: {} });
  const quickRunId = ((await quickRun.json()) as { id: string }).id;
  await expect.poll(async () => ((await (await request.get(`/api/v1/workflow-executions/${quickRunId}`)).json()) as { status: string }).status, { timeout: 20_000 }).toBe("succeeded");
  const succeededRuns = async () => Number((await (await request.get("/api/metrics")).text()).match(/^workflow_executions_total\{status="succeeded",workflow_type="delay"\} (\d+)/m)?.[1] ?? 0);
  await expect.poll(succeededRuns, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

  // Long executions: two workers run 40 at a time, the rest wait, so the queue passes 100.
  const created = await request.post("/api/v1/workflows", { data: { name: "Fleet pressure", steps: [{ id: "wait", type: "delay", config: { ms: 20_000 } }] } });
  expect(created.status(), await created.text()).toBe(201);
  const workflow = (await created.json()) as { id: string };
  const executionIds: string[] = [];
  for (let started = 0; started < QUEUED_EXECUTIONS; started++) {
    const response = await request.post(`/api/v1/workflows/${workflow.id}/executions`, { data: {} });
    expect(response.status()).toBe(202);
    executionIds.push(((await response.json()) as { id: string }).id);
  }

  const queuedAt = Date.now();
  try {
    await expect.poll(async () => (await runningPids(request)).length, { timeout: 45_000 }).toBe(3);
    console.log(`third workflow worker process running ${Date.now() - queuedAt} ms after the last of ${QUEUED_EXECUTIONS} executions was queued`);
    const scaled = await fleet(request);
    expect(scaled.desired).toBe(3);
    expect(scaled.scaling?.reasons.some((reason) => reason.startsWith("queue "))).toBe(true);
  } finally {
    // Leave the server as quiet as it was for the specs after this one.
    for (const id of executionIds) await request.post(`/api/v1/workflow-executions/${id}/cancel`, { data: {} });
  }
});
