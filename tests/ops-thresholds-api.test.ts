import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// GET /api/v1/ops/thresholds and the thresholds inside GET /api/v1/ops/signals: both read the
// stored threshold rules, so an edited rule moves every figure drawn from it.
let harness: InProcessApp;

async function get(email: string, path: string) {
  return harness.app.request(path, { headers: { cookie: await harness.cookieFor(email), origin: TEST_ORIGIN } });
}

beforeAll(async () => {
  harness = await startInProcessApp("ops_thresholds");
});

afterAll(async () => {
  await harness.close();
});

describe("GET /api/v1/ops/thresholds", () => {
  test("answers the seeded rules' thresholds: the guide's numbers", async () => {
    const response = await get("viewer@agency.test", "/api/v1/ops/thresholds");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cpuUtilizationPercent: 70, memoryUtilizationPercent: 80, dbPoolUtilizationPercent: 80, p95LatencySeconds: 2 });
  });

  test("a tenant member is refused", async () => {
    const response = await get("member@agency.test", "/api/v1/ops/thresholds");
    expect(response.status).toBe(403);
  });

  test("the pool rule at 90 % moves the threshold here and the line and state in the signals", async () => {
    await harness.scratch.prisma.scalingRule.update({ where: { id: "db-pool-saturated" }, data: { threshold: 90 } });
    const thresholds = await get("viewer@agency.test", "/api/v1/ops/thresholds");
    expect(await thresholds.json()).toMatchObject({ dbPoolUtilizationPercent: 90 });

    // A pool at 85 %: critical against 80 %, only a warning (within 10 %) against 90 %.
    await harness.scratch.prisma.metricSample.create({ data: { series: "db_pool_utilization:write/primary", t: new Date(Date.now() - 5_000), value: 0.85 } });
    const signals = await get("viewer@agency.test", "/api/v1/ops/signals?range=1h&signals=db_pool_utilization");
    const [pool] = ((await signals.json()) as { signals: { threshold: { value: number; source: string }; state: string }[] }).signals;
    expect(pool!.threshold).toMatchObject({ value: 0.9, source: "> 90 % of pool utilized (threshold rule)" });
    expect(pool!.state).toBe("warning");
  });

  test("tiles show the latest sample at the 24 h range, where one chart step is 12 minutes", async () => {
    await harness.scratch.prisma.metricSample.create({ data: { series: "http_latency_p95", t: new Date(Date.now() - 60_000), value: 0.123 } });
    const response = await get("viewer@agency.test", "/api/v1/ops/signals?range=24h&signals=http_latency_p95");
    const body = (await response.json()) as { stepSeconds: number; signals: { series: { current: number | null }[] }[] };
    expect(body.stepSeconds).toBe(720);
    expect(body.signals[0]!.series[0]!.current).toBeCloseTo(0.123, 6);
  });
});

describe("GET /api/v1/ops/database server settings", () => {
  test("lists the primary's SHOW values against the small tier's postgresql.conf, flagging differences", async () => {
    const response = await get("viewer@agency.test", "/api/v1/ops/database");
    const body = (await response.json()) as { serverSettings: { tier: string; settings: { name: string; tier: string; live: string | null; differs: boolean }[] } };
    expect(body.serverSettings.tier).toBe("small");
    const [shown] = await harness.scratch.prisma.$queryRawUnsafe<{ max_connections: string }[]>("show max_connections");
    const live = shown!.max_connections;
    const row = body.serverSettings.settings.find((setting) => setting.name === "max_connections");
    expect(row).toEqual({ name: "max_connections", tier: "200", live, differs: live !== "200", reason: null });
    expect(body.serverSettings.settings.map((setting) => setting.name)).toContain("shared_buffers");
  });
});
