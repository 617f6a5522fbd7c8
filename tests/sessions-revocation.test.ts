import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startServer, type AppServer } from "@/scripts/app-server";
import { findFreePort } from "@/scripts/embedded-cluster";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

// One app in this process and, for the cross-instance test, a second app as a real process of its
// own: both on the same database and the same Redis, as two instances behind the supervisor.
let api: InProcessApp;
let ownRedis: OwnRedis;
let other: AppServer | undefined;

const SECOND_INSTANCE = `
(async () => {
  const { serve } = await import("@hono/node-server");
  const { createApiApp } = await import("@/lib/http/app");
  const app = createApiApp();
  const fetch = (request) => (new URL(request.url).pathname === "/up" ? new Response("up") : app.fetch(request));
  serve({ fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
})();
`;

beforeAll(async () => {
  ownRedis = await startOwnRedis();
  // Every test signs in afresh; the sign-in limiter is not under test here.
  api = await startInProcessApp("sessions_revocation", { REDIS_URL: ownRedis.url, SIGN_IN_MAX_ATTEMPTS: "1000" });
}, 120_000);

afterAll(async () => {
  await other?.stop();
  await api?.close();
  await ownRedis?.kill();
});

/** A new session (its own token and signed session data cookies) for a demo user. */
async function signIn(email: string): Promise<string> {
  const response = await api.app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_ORIGIN },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
}

function cookieValue(cookie: string, name: string): string {
  const pair = cookie.split("; ").find((part) => part.startsWith(`${name}=`));
  if (!pair) throw new Error(`no ${name} cookie in ${cookie}`);
  return decodeURIComponent(pair.slice(name.length + 1));
}

/** The session's token, as stored in the session row (the cookie carries it with a signature). */
function tokenOf(cookie: string): string {
  const signed = cookieValue(cookie, "agency.session_token");
  return signed.slice(0, signed.lastIndexOf("."));
}

async function me(cookie: string): Promise<number> {
  return (await api.app.request("/api/v1/me", { headers: { cookie } })).status;
}

async function signOut(cookie: string): Promise<void> {
  const response = await api.app.request("/api/auth/sign-out", { method: "POST", headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" }, body: "{}" });
  expect(response.status).toBe(200);
}

/** Milliseconds until `read` returns `expected`, polling every 10 ms, up to `timeoutMs`. */
async function millisecondsUntil(read: () => Promise<unknown>, expected: unknown, timeoutMs = 3_000): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    if ((await read()) === expected) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

async function sessionExists(cookie: string): Promise<boolean> {
  return (await api.scratch.prisma.session.count({ where: { token: tokenOf(cookie) } })) === 1;
}

/** Moves the session's sign-in and last request back in time by the given intervals (Postgres syntax). */
async function ageSession(cookie: string, age: { createdAgo: string; lastActiveAgo: string }): Promise<void> {
  await api.scratch.prisma.$executeRaw`update session set "createdAt" = now() - ${age.createdAgo}::interval, "updatedAt" = now() - ${age.lastActiveAgo}::interval where token = ${tokenOf(cookie)}`;
}

describe("session revocation", () => {
  test("a signed-out session with a forged session_data cookie gets 401 at once", async () => {
    const cookie = await signIn("member@agency.test");
    const forgedData = Buffer.from(
      JSON.stringify({
        session: { session: { token: tokenOf(cookie), expiresAt: new Date(Date.now() + 365 * 86_400_000) }, user: { email: "member@agency.test" } },
        expiresAt: Date.now() + 365 * 86_400_000,
        signature: "not-the-signature",
      }),
    ).toString("base64url");
    const forged = `agency.session_token=${encodeURIComponent(cookieValue(cookie, "agency.session_token"))}; agency.session_data=${forgedData}`;
    expect(await me(forged)).toBe(200);
    expect(await me(forged)).toBe(200);

    await signOut(cookie);

    expect(await me(cookie)).toBe(401);
    expect(await me(forged)).toBe(401);
  });

  test("sign-out on one instance reaches another instance within 1 s", async () => {
    const port = await findFreePort();
    other = await startServer("node_modules/.bin/tsx", ["--eval", SECOND_INSTANCE], port, "/up", { PORT: String(port) });
    const cookie = await signIn("member@agency.test");
    const meThere = async () => (await fetch(`${other!.url}/api/v1/me`, { headers: { cookie } })).status;
    expect(await meThere()).toBe(200);
    expect(await meThere()).toBe(200); // now remembered there

    await signOut(cookie);
    const elapsedMs = await millisecondsUntil(meThere, 401);

    expect(elapsedMs).toBeLessThan(1_000);
  }, 120_000);

  test("a platform session ends after 30 idle minutes and after 12 hours", async () => {
    const idleButAlive = await signIn("sre@agency.test");
    await ageSession(idleButAlive, { createdAgo: "1 hour", lastActiveAgo: "29 minutes" });
    expect(await me(idleButAlive)).toBe(200);

    const idle = await signIn("sre@agency.test");
    await ageSession(idle, { createdAgo: "1 hour", lastActiveAgo: "31 minutes" });
    expect(await me(idle)).toBe(401);
    expect(await sessionExists(idle)).toBe(false);

    const oldButBusy = await signIn("sre@agency.test");
    await ageSession(oldButBusy, { createdAgo: "11 hours 59 minutes", lastActiveAgo: "1 minute" });
    expect(await me(oldButBusy)).toBe(200);

    const old = await signIn("sre@agency.test");
    await ageSession(old, { createdAgo: "12 hours 1 minute", lastActiveAgo: "1 minute" });
    expect(await me(old)).toBe(401);
    expect(await sessionExists(old)).toBe(false);
  });

  test("a tenant session ends after 24 idle hours and after 7 days", async () => {
    const idleButAlive = await signIn("member@agency.test");
    await ageSession(idleButAlive, { createdAgo: "2 days", lastActiveAgo: "23 hours 59 minutes" });
    expect(await me(idleButAlive)).toBe(200);

    const idle = await signIn("member@agency.test");
    await ageSession(idle, { createdAgo: "2 days", lastActiveAgo: "24 hours 1 minute" });
    expect(await me(idle)).toBe(401);
    expect(await sessionExists(idle)).toBe(false);

    const oldButBusy = await signIn("member@agency.test");
    await ageSession(oldButBusy, { createdAgo: "6 days 23 hours 59 minutes", lastActiveAgo: "1 minute" });
    expect(await me(oldButBusy)).toBe(200);

    const old = await signIn("member@agency.test");
    await ageSession(old, { createdAgo: "7 days 1 minute", lastActiveAgo: "1 minute" });
    expect(await me(old)).toBe(401);
    expect(await sessionExists(old)).toBe(false);
  });

  test("a platform admin lists and revokes a user's sessions; the user gets 401; audited", async () => {
    const startedAt = new Date();
    const { id: userId } = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "designer@bluefin.test" }, select: { id: true } });
    const [laptop, phone] = [await signIn("designer@bluefin.test"), await signIn("designer@bluefin.test")];
    expect([await me(laptop), await me(phone)]).toEqual([200, 200]);
    const admin = await signIn("admin@agency.test");
    const path = `/api/v1/ops/users/${userId}/sessions`;

    const listed = await api.app.request(path, { headers: { cookie: admin } });
    expect(listed.status).toBe(200);
    const { items } = (await listed.json()) as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(2);
    expect(Object.keys(items[0]!).sort()).toEqual(["createdAt", "expiresAt", "id", "ipAddress", "lastActiveAt", "userAgent"]);

    const revoked = await api.app.request(path, { method: "DELETE", headers: { cookie: admin, origin: TEST_ORIGIN } });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ revoked: 2 });

    expect([await me(laptop), await me(phone)]).toEqual([401, 401]);
    const audit = await api.scratch.prisma.auditEntry.findMany({ where: { at: { gte: startedAt }, action: "session.revoke_all" } });
    expect(audit.map((entry) => [entry.actorEmail, entry.target, entry.tenantId])).toEqual([["admin@agency.test", `user:${userId}`, null]]);
  });

  test("a platform sre may neither list nor revoke a user's sessions", async () => {
    const { id: userId } = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "member@agency.test" }, select: { id: true } });
    const member = await signIn("member@agency.test");
    const sre = await signIn("sre@agency.test");
    const path = `/api/v1/ops/users/${userId}/sessions`;

    expect((await api.app.request(path, { headers: { cookie: sre } })).status).toBe(403);
    expect((await api.app.request(path, { method: "DELETE", headers: { cookie: sre, origin: TEST_ORIGIN } })).status).toBe(403);
    expect(await me(member)).toBe(200);
  });
});
