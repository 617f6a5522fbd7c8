import { expect, test, type APIRequestContext } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

type Instances = { mode: string; desired: number; controlLoopLeaderPid: number | null; instances: { pid: number; state: string }[] };

test.describe.configure({ timeout: 90_000 });

/** Idempotent reads retried when a kept-alive connection belonged to an instance that just went away. */
async function getWithRetry(request: APIRequestContext, path: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request.get(path);
    } catch (error) {
      if (attempt >= 5 || !/ECONNRESET|socket hang up|ECONNREFUSED/.test(String(error))) throw error;
    }
  }
}

test("the local orchestrator scales real processes, aggregates their metrics and hands the control loop over when its leader dies", async ({ request }) => {
  await signInThroughApi(request, ACCOUNTS.sre);
  const instances = async () => (await (await getWithRetry(request, "/api/v1/ops/instances")).json()) as Instances;
  const instancesMetric = async () => Number((await (await getWithRetry(request, "/api/metrics")).text()).match(/^agency_instances (\d+)/m)?.[1]);

  const scaled = await request.put("/api/v1/ops/instances", { data: { desired: 2 } });
  expect(scaled.status()).toBe(200);
  expect((await scaled.json()).mode).toBe("local");
  await expect.poll(async () => (await instances()).instances.filter((instance) => instance.state === "serving").length, { timeout: 20_000 }).toBe(2);
  await expect.poll(instancesMetric, { timeout: 10_000 }).toBe(2);

  const leader = (await instances()).controlLoopLeaderPid;
  expect(leader).not.toBeNull();
  process.kill(leader!, "SIGKILL");

  // Another instance takes the advisory lock (retry every 10 s) and the dead one is replaced.
  await expect
    .poll(async () => {
      const status = await instances();
      return status.controlLoopLeaderPid !== null && status.controlLoopLeaderPid !== leader;
    }, { timeout: 30_000, intervals: [500] })
    .toBe(true);
  await expect.poll(async () => (await instances()).instances.filter((instance) => instance.state === "serving").length, { timeout: 20_000 }).toBe(2);

  const back = await request.put("/api/v1/ops/instances", { data: { desired: 1 } });
  expect((await back.json()).desired).toBe(1);
  await expect.poll(instancesMetric, { timeout: 20_000 }).toBe(1);
});

test("a manager may look at the instances but not scale them", async ({ request }) => {
  await signInThroughApi(request, ACCOUNTS.manager);
  expect((await request.get("/api/v1/ops/instances")).status()).toBe(200);
  expect((await request.put("/api/v1/ops/instances", { data: { desired: 2 } })).status()).toBe(403);
});
