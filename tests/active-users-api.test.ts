import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { BACKGROUND_REQUEST_HEADER } from "@/lib/activity/background";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/*
 * Session activity: signed-in API requests are recorded (once a minute per user and tenant, in
 * batches) unless the browser marked them as made while nobody used the tab, GET
 * /api/v1/dashboard/active-users counts the tenant's users per window, and the
 * active_users_total{timeframe} gauge counts them across tenants.
 */

let api: InProcessApp;
let prisma: PrismaClient;
let northwindId: string;
let bluefinId: string;

beforeAll(async () => {
  api = await startInProcessApp("activity");
  prisma = api.scratch.prisma;
  northwindId = (await prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } })).id;
  bluefinId = (await prisma.tenant.findUniqueOrThrow({ where: { slug: "bluefin" } })).id;
});
afterAll(async () => api?.close());

async function call(email: string, tenantId: string, path: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const cookie = `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${tenantId}`;
  return api.app.request(path, { headers: { cookie, origin: TEST_ORIGIN, ...extraHeaders } });
}

async function activityRows(): Promise<{ email: string; tenantId: string; lastSeenAt: Date }[]> {
  return prisma.$queryRaw`
    select u.email, a."tenantId"::text as "tenantId", a."lastSeenAt" from user_activity a join "user" u on u.id = a."userId" order by u.email, a."tenantId"`;
}

/** Writes what the process has batched (the app does this every few seconds and at shutdown). */
async function flush(): Promise<void> {
  const { stopActivityTracking } = await import("@/lib/activity");
  await stopActivityTracking();
}

async function gaugeValues(): Promise<Record<string, number>> {
  const exposition = await (await api.app.request("/api/metrics")).text();
  const values: Record<string, number> = {};
  for (const match of exposition.matchAll(/^active_users_total\{timeframe="([^"]+)"\} (\d+)$/gm)) values[match[1]!] = Number(match[2]);
  return values;
}

describe("session activity", () => {
  test("signed-in requests are written once per user and tenant per minute; anonymous ones not at all", async () => {
    for (let i = 0; i < 20; i++) expect((await call("member@agency.test", northwindId, "/api/v1/dashboard/active-users")).status).toBe(200);
    await call("admin@agency.test", northwindId, "/api/v1/dashboard/active-users");
    await call("admin@agency.test", bluefinId, "/api/v1/dashboard/active-users");
    await api.app.request("/api/v1/dashboard/active-users");
    expect(await activityRows()).toEqual([]);

    await flush();
    const rows = await activityRows();
    expect(rows.map((row) => [row.email, row.tenantId])).toEqual(
      [
        ["admin@agency.test", northwindId],
        ["admin@agency.test", bluefinId],
        ["member@agency.test", northwindId],
      ].sort((a, b) => (a[0] === b[0] ? a[1]!.localeCompare(b[1]!) : a[0]!.localeCompare(b[0]!))),
    );
    const memberSeenAt = rows.find((row) => row.email === "member@agency.test")!.lastSeenAt;

    // Within the minute, more requests change nothing.
    await call("member@agency.test", northwindId, "/api/v1/dashboard/active-users");
    await flush();
    expect((await activityRows()).find((row) => row.email === "member@agency.test")!.lastSeenAt).toEqual(memberSeenAt);
  });

  test("the batch is written by the instance on its own within seconds", async () => {
    await call("sre@agency.test", northwindId, "/api/v1/dashboard/active-users");
    await expect.poll(async () => (await activityRows()).some((row) => row.email === "sre@agency.test"), { timeout: 10_000, interval: 250 }).toBe(true);
  });

  test("GET /api/v1/dashboard/active-users counts the tenant's users per window, and the gauge counts distinct users across tenants", async () => {
    const now = Date.now();
    const seen = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
    await prisma.$executeRaw`
      insert into user_activity ("userId", "tenantId", "lastSeenAt") values
        ('user-10-min', ${northwindId}::uuid, ${seen(10)}::timestamptz),
        ('user-2-h', ${northwindId}::uuid, ${seen(120)}::timestamptz),
        ('user-25-h', ${northwindId}::uuid, ${seen(25 * 60)}::timestamptz),
        ('user-2-h', ${bluefinId}::uuid, ${seen(3)}::timestamptz)`;

    const response = await call("member@agency.test", northwindId, "/api/v1/dashboard/active-users");
    expect(response.status).toBe(200);
    // Northwind: member, admin and sre (just now), user-10-min, user-2-h; user-25-h is out of every window.
    expect(await response.json()).toEqual({ last5m: 3, last1h: 4, last24h: 5, countedAt: expect.any(String) });

    // Across tenants each user counts once: member, admin, sre, user-2-h (3 min ago in Bluefin), user-10-min.
    await expect.poll(gaugeValues, { timeout: 20_000, interval: 1_000 }).toEqual({ "5m": 4, "1h": 5, "24h": 5 });
  });

  test("requests the browser marks as made without the user (an idle tab's polls) are not activity; the user's own are", async () => {
    const background = { [BACKGROUND_REQUEST_HEADER]: "1" };
    for (const path of ["/api/v1/circuit-breaker", "/api/v1/dashboard/stats", "/api/v1/dashboard/active-users"]) {
      expect((await call("designer@bluefin.test", bluefinId, path, background)).status).toBe(200);
    }
    await flush();
    expect((await activityRows()).filter((row) => row.email === "designer@bluefin.test")).toEqual([]);

    // Any other value is not the mark: the request counts like one without it.
    expect((await call("designer@bluefin.test", bluefinId, "/api/v1/circuit-breaker", { [BACKGROUND_REQUEST_HEADER]: "0" })).status).toBe(200);
    await flush();
    expect((await activityRows()).filter((row) => row.email === "designer@bluefin.test").map((row) => row.tenantId)).toEqual([bluefinId]);
  });

  test("the active-users count is refused without a session", async () => {
    const response = await api.app.request("/api/v1/dashboard/active-users");
    expect(response.status).toBe(401);
  });
});
