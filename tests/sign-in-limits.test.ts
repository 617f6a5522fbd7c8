import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import type { SignInLimiter, SignInLimits } from "@/lib/auth/sign-in-limiter";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  // Address and global limits are per window and shared by every test here: each test signs in
  // from addresses of its own, and the global limit is set out of reach except where tested.
  api = await startInProcessApp("sign_in_limits", { LOG_LEVEL: "error", SIGN_IN_MAX_ATTEMPTS: "5", SIGN_IN_WINDOW_SECONDS: "60", SIGN_IN_MAX_PER_ADDRESS: "10", SIGN_IN_MAX_GLOBAL: "1000000", TRUSTED_PROXIES: "10.0.0.0/8" });
});

afterAll(async () => api?.close());

/** A request as the node server hands it over: from a socket with this peer address. */
function fromPeer(peer: string) {
  return { incoming: { socket: { remoteAddress: peer, remotePort: 40_000, remoteFamily: "IPv4" } } };
}

async function signIn(email: string, password: string, peer: string, headers: Record<string, string> = {}): Promise<Response> {
  return api.app.request(
    "/api/auth/sign-in/email",
    { method: "POST", headers: { "content-type": "application/json", origin: TEST_ORIGIN, ...headers }, body: JSON.stringify({ email, password }) },
    fromPeer(peer),
  );
}

/** Runs `count` tasks, at most `concurrency` at a time. */
async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

async function limiterOn(client: "app" | "superuser", limits: Partial<SignInLimits> = {}, now?: () => number): Promise<SignInLimiter> {
  const { SignInLimiter } = await import("@/lib/auth/sign-in-limiter");
  const { PostgresLimitStore } = await import("@/lib/auth/sign-in-limit-store");
  const { db } = await import("@/lib/db/client");
  const prisma = client === "app" ? db().primary : api.scratch.prisma;
  return new SignInLimiter(new PostgresLimitStore(prisma, now), { perAccount: 5, perAddress: 1_000_000, global: 1_000_000, windowSeconds: 60, ...limits }, now);
}

describe("POST /api/auth/sign-in/email limits", () => {
  test("200 concurrent wrong passwords for one account are answered with at most 5 evaluations", async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => signIn("viewer@agency.test", "not-the-password-0", `192.0.2.${index % 200}`)));
    const statuses = responses.map((response) => response.status);
    const evaluated = statuses.filter((status) => status === 401).length;
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(200 - evaluated);
    const refused = responses.find((response) => response.status === 429)!;
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: "too_many_requests", detail: expect.stringContaining("for this account") });
    // The right password is refused too while the account is locked.
    expect((await signIn("viewer@agency.test", DEMO_PASSWORD, "192.0.2.201")).status).toBe(429);
  });

  test("counts are shared between two limiter instances on the same database", async () => {
    const [first, second] = [await limiterOn("app"), await limiterOn("superuser")];
    const account = `shared-${randomUUID()}@example.test`;
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).reserve(account, "198.51.100.1")));
    expect(attempts.filter((attempt) => attempt.allowed)).toHaveLength(5);
    expect(await first.reserve(account, "198.51.100.2")).toMatchObject({ allowed: false, refusedBy: "account" });
    expect(await second.reserve(account, "198.51.100.3")).toMatchObject({ allowed: false, refusedBy: "account" });
  });

  test("10,000 junk keys do not evict the victim's counter", async () => {
    // One window however long the junk takes, and not the current one: 10,000 updates of the
    // platform's row would leave the other tests' current window a row with thousands of versions.
    const limiter = await limiterOn("app", {}, () => Date.UTC(2030, 0, 1));
    const victim = `victim-${randomUUID()}@example.test`;
    for (let attempt = 0; attempt < 5; attempt++) expect((await limiter.reserve(victim, "198.51.100.10")).allowed).toBe(true);
    await inParallel(10_000, 20, (index) => limiter.reserve(`junk-${index}-${randomUUID()}@example.test`, "198.51.100.11"));
    expect(await limiter.reserve(victim, "198.51.100.12")).toMatchObject({ allowed: false, refusedBy: "account" });
  });

  test("a success after a lockout tells how many attempts were counted since the last sign-in", async () => {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const limiter = await limiterOn("app", {}, () => clock.now);
    const account = `owner-${randomUUID()}@example.test`;
    // Five wrong passwords and a refusal are counted; the next refusal is answered from memory.
    for (let attempt = 0; attempt < 7; attempt++) await limiter.reserve(account, "198.51.100.20");
    clock.now += 120_000; // the lockout window is over
    const attempt = await limiter.reserve(account, "198.51.100.20");
    if (!attempt.allowed) throw new Error("the attempt after the window was refused");
    expect(await limiter.succeed(attempt)).toBe(6);
    const next = await limiter.reserve(account, "198.51.100.20");
    if (!next.allowed) throw new Error("the attempt after a success was refused");
    expect(await limiter.succeed(next)).toBe(0);
  });

  test("a successful sign-in reports earlier failures in X-Failed-Sign-Ins and clears the count", async () => {
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn("member@agency.test", "not-the-password-0", "192.0.2.230")).status).toBe(401);
    const success = await signIn("member@agency.test", DEMO_PASSWORD, "192.0.2.230");
    expect(success.status).toBe(200);
    expect(success.headers.get("x-failed-sign-ins")).toBe("3");
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn("member@agency.test", "not-the-password-0", "192.0.2.231")).status).toBe(401);
  });

  test("X-Forwarded-For is ignored unless the peer is a trusted proxy", async () => {
    const { resolveClientAddress, trustedProxyList } = await import("@/lib/auth/client-address");
    const proxies = trustedProxyList(["10.0.0.0/8", "fd00::1"]);
    expect(resolveClientAddress("203.0.113.9", "198.51.100.77", proxies)).toBe("203.0.113.9");
    expect(resolveClientAddress("::ffff:10.0.0.5", "198.51.100.77, 10.0.0.6", proxies)).toBe("198.51.100.77");
    expect(resolveClientAddress("fd00::1", "198.51.100.78", proxies)).toBe("198.51.100.78");

    // From an untrusted peer a fresh X-Forwarded-For per request does not escape the address limit.
    const direct = await inParallel(15, 5, (index) => signIn(`nobody-${index}-${randomUUID()}@example.test`, "not-the-password-0", "203.0.113.50", { "x-forwarded-for": `198.18.${index}.1` }));
    expect(direct.filter((response) => response.status === 401)).toHaveLength(10);
    expect(direct.filter((response) => response.status === 429)).toHaveLength(5);
    // Through a trusted proxy each forwarded client has its own count.
    const proxied = await inParallel(15, 5, (index) => signIn(`nobody-${index}-${randomUUID()}@example.test`, "not-the-password-0", "10.1.2.3", { "x-forwarded-for": `198.19.${index}.1` }));
    expect(proxied.every((response) => response.status === 401)).toBe(true);
  });

  test("better-auth sees the address the API resolved: a session records it and its limit is keyed by it, whatever a client sends", async () => {
    const spoofed = { "x-agency-client-address": "192.0.2.250" };
    const proxied = await signIn("designer@bluefin.test", DEMO_PASSWORD, "10.1.2.3", { "x-forwarded-for": "198.51.100.7", ...spoofed });
    expect(proxied.status).toBe(200);
    const direct = await signIn("designer@bluefin.test", DEMO_PASSWORD, "203.0.113.60", { "x-forwarded-for": "198.51.100.8", ...spoofed });
    expect(direct.status).toBe(200);
    const sessions = await api.scratch.prisma.session.findMany({ where: { user: { email: "designer@bluefin.test" } }, orderBy: { createdAt: "asc" }, select: { ipAddress: true } });
    expect(sessions.map((session) => session.ipAddress).slice(-2)).toEqual(["198.51.100.7", "203.0.113.60"]);

    const cookie = (proxied.headers.getSetCookie() ?? []).map((line) => line.split(";")[0]).join("; ");
    const signOut = await api.app.request("/api/auth/sign-out", { method: "POST", headers: { origin: TEST_ORIGIN, cookie, "x-forwarded-for": "198.51.100.9", ...spoofed } }, fromPeer("10.1.2.3"));
    expect(signOut.status).toBe(200);
    const keys = await api.scratch.prisma.signInLimit.findMany({ where: { kind: "auth-endpoint", key: { endsWith: "/sign-out" } }, select: { key: true } });
    expect(keys.map((row) => row.key)).toEqual(["198.51.100.9|/sign-out"]);
  });

  test("change-password is rate limited", async () => {
    const cookie = await api.cookieFor("manager@agency.test");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await api.app.request("/api/auth/change-password", {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN, cookie },
        body: JSON.stringify({ currentPassword: `wrong-password-${attempt}`, newPassword: "a-new-password-1234" }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        // better-auth's own limit answers like the rest of the API.
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        const retryAfter = Number(response.headers.get("retry-after"));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        const problem = (await response.json()) as Record<string, unknown>;
        expect(problem).toMatchObject({ status: 429, code: "too_many_requests", instance: "/api/auth/change-password", requestId: response.headers.get("x-request-id") });
        expect(problem.detail).toMatch(/too many requests to \/api\/auth\/change-password; try again in \d+ s/);
      }
    }
    expect(statuses.slice(0, 5), String(statuses)).toSatisfy((first: number[]) => first.every((status) => status !== 429 && status >= 400));
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});

describe("a sign-in flood and the audit log", () => {
  async function runBreakerProcedure(cookie: string, action: "activate" | "deactivate"): Promise<number> {
    const started = Date.now();
    const response = await api.app.request("/api/v1/ops/emergency/circuit-breaker/runs", {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN, cookie },
      body: JSON.stringify({ input: { action, scope: "global" }, confirmation: "Limit to core features", idempotencyKey: randomUUID() }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    for (let attempt = 0; attempt < 400; attempt++) {
      const run = await api.app.request(`/api/v1/ops/emergency/runs/${id}`, { headers: { origin: TEST_ORIGIN, cookie } });
      const body = (await run.json()) as { status: string };
      if (body.status === "succeeded" || body.status === "failed") return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`run ${id} did not settle`);
  }

  test("a flood of 2,000 failed sign-ins leaves an emergency procedure run within its usual time", async () => {
    const cookie = await api.cookieFor("sre@agency.test");
    const usualMs = await runBreakerProcedure(cookie, "activate");
    const before = await api.scratch.prisma.auditEntry.count({ where: { action: { in: ["auth.sign_in_failed", "auth.sign_in_throttled"] } } });

    // The account's five password checks come first: what the flood then costs is its refusals.
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn("flood-target@example.test", "not-the-password-0", "203.0.113.99")).status).toBe(401);
    // A running server's write pool is warm; this one opens its connections before the flood.
    const { signInLimiter } = await import("@/lib/auth/sign-in-limiter");
    await Promise.all(Array.from({ length: 50 }, (_, index) => signInLimiter().reserve(`warm-up-${index}@example.test`, "203.0.113.200")));
    const floodStarted = Date.now();
    const flood = inParallel(2_000, 50, (index) => signIn("flood-target@example.test", "not-the-password-0", `203.0.113.${100 + (index % 4)}`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const duringFloodMs = await runBreakerProcedure(cookie, "deactivate");
    const statuses = (await flood).map((response) => response.status);
    const floodMs = Date.now() - floodStarted;
    console.log(`procedure run: usual ${usualMs} ms, during the flood ${duringFloodMs} ms; flood of 2000 sign-ins took ${floodMs} ms (${statuses.filter((s) => s === 401).length} × 401, ${statuses.filter((s) => s === 429).length} × 429)`);
    expect(statuses.filter((status) => status !== 429)).toEqual([]);
    expect(duringFloodMs).toBeLessThan(Math.max(usualMs * 5, 3_000));

    // Failed and refused attempts are written as counts once per tally period (10 s).
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const rows = await api.scratch.prisma.auditEntry.findMany({
      where: { action: { in: ["auth.sign_in_failed", "auth.sign_in_throttled"] }, target: "email:flood-target@example.test" },
      select: { after: true },
    });
    const throttledByAddress = await api.scratch.prisma.auditEntry.findMany({ where: { action: "auth.sign_in_throttled", target: { startsWith: "address:203.0.113.1" } }, select: { after: true } });
    const written = (await api.scratch.prisma.auditEntry.count({ where: { action: { in: ["auth.sign_in_failed", "auth.sign_in_throttled"] } } })) - before;
    console.log(`audit rows written for the flood: ${written}`);
    expect(written).toBeLessThan(50);
    const counted = [...rows, ...throttledByAddress].reduce((sum, row) => sum + Number((row.after as { count: number }).count), 0);
    expect(counted).toBe(2_005);
  }, 90_000);
});
