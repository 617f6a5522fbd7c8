import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// GET /api/v1/ops/sizing/live: the tier from the users active now, and when the tier's upper
// bound is crossed at the last week's growth (a linear fit over the sampled history).
let harness: InProcessApp;
const HOUR_MS = 3_600_000;

async function get(email: string, path: string) {
  return harness.app.request(path, { headers: { cookie: await harness.cookieFor(email), origin: TEST_ORIGIN } });
}

beforeAll(async () => {
  harness = await startInProcessApp("sizing_live");
  const { prisma } = harness.scratch;
  // A week of hourly rollups growing by 5 active users a day, from 40 to 75: small (≤ 100) for now.
  const now = Date.now();
  const start = Math.floor((now - 7 * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS + HOUR_MS;
  const rows = Array.from({ length: 7 * 24 - 2 }, (_, hour) => {
    const value = 40 + (5 * hour) / 24;
    return { series: "active_users", bucket: new Date(start + hour * HOUR_MS), avg: value, min: value, max: value, count: 1 };
  });
  await prisma.metricRollup.createMany({ data: rows });
  // Three users seen in the last minutes.
  const tenant = await prisma.tenant.findFirstOrThrow({ select: { id: true } });
  const users = await prisma.user.findMany({ select: { id: true }, take: 3 });
  await prisma.userActivity.createMany({ data: users.map((user) => ({ userId: user.id, tenantId: tenant.id, lastSeenAt: new Date(now - 60_000) })) });
});

afterAll(async () => {
  await harness.close();
});

describe("GET /api/v1/ops/sizing/live", () => {
  test("answers the live tier from the users active now, and the headroom forecast with its range", async () => {
    const response = await get("viewer@agency.test", "/api/v1/ops/sizing/live");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activeUsers: { last5m: number; last24h: number }; sizing: { tier: string }; history: unknown[]; headroom: { kind: string; threshold: number; perDay: number; at: string; earliest: string; latest: string | null } };
    expect(body.activeUsers).toMatchObject({ last5m: 3, last24h: 3 });
    expect(body.sizing.tier).toBe("small");
    expect(body.history.length).toBeGreaterThan(100);
    expect(body.headroom).toMatchObject({ kind: "crossing", threshold: 100 });
    expect(body.headroom.perDay).toBeCloseTo(5, 3);
    // At ~75 now and +5 a day, 100 is about 5 days away; an exact line leaves no spread.
    const daysAway = (Date.parse(body.headroom.at) - Date.now()) / (24 * HOUR_MS);
    expect(daysAway).toBeGreaterThan(4);
    expect(daysAway).toBeLessThan(6);
    expect(Math.abs(Date.parse(body.headroom.earliest) - Date.parse(body.headroom.at))).toBeLessThan(HOUR_MS);
  });

  test("a tenant member is refused", async () => {
    expect((await get("member@agency.test", "/api/v1/ops/sizing/live")).status).toBe(403);
  });
});
