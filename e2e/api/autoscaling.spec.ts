import { expect, test } from "@playwright/test";
import autocannon from "autocannon";
import { startAppServer, type AppServer } from "../../scripts/app-server";

// A server of its own: autoscaling is off in the shared one so other tests see a fixed count.
// Settings that make a short test possible: a sample every second, a quarter-core CPU request
// per instance (a busy instance is far over target, an idle one far under, even with the
// background sampling every instance does) and a 10 s scale-down window instead of 300 s.
let app: AppServer;
test.beforeAll(async () => {
  app = await startAppServer({
    AUTOSCALING_ENABLED: "true",
    METRICS_SAMPLE_INTERVAL_SECONDS: "1",
    APP_CPU_REQUEST_MILLICORES: "250",
    APP_MEMORY_REQUEST_MB: "1024",
    AUTOSCALING_SCALE_DOWN_STABILIZATION_SECONDS: "10",
    APP_MAX_INSTANCES: "3",
  });
});
test.afterAll(async () => app?.stop());
test.describe.configure({ timeout: 200_000 });

const instanceCount = async () => Number((await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } })).text()).match(/^agency_instances (\d+)/m)?.[1] ?? 0);

test("CPU over the target adds instances within the policy's maximum, and they go after the stabilization window", async () => {
  expect(await instanceCount()).toBe(1);
  const load = autocannon({ url: `${app.url}/api/v1/not-here`, connections: 20, duration: 25 });
  const seen: number[] = [];
  await expect
    .poll(async () => {
      seen.push(await instanceCount());
      return Math.max(...seen);
    }, { timeout: 25_000, intervals: [1_000] })
    .toBeGreaterThanOrEqual(2);
  await load;
  expect(Math.max(...seen)).toBeLessThanOrEqual(3);

  // Down after the 10 s window, at most 50 % of the instances per 60 s (the guide's scale-down policy).
  await expect.poll(instanceCount, { timeout: 120_000, intervals: [2_000] }).toBe(1);
});
