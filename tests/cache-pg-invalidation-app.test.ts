import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// Two app instances without Redis: A is the API app in this test process, B the same app in a
// child process. They share only the database, so what B learns of A's writes comes over
// PostgreSQL LISTEN/NOTIFY.

let a: InProcessApp;
let child: ChildProcess;
let bUrl: string;

beforeAll(async () => {
  a = await startInProcessApp("pgbus_app");
  child = fork(path.resolve("tests/support/api-instance.ts"), [], { execArgv: ["--import", "tsx"], env: { ...process.env }, stdio: "inherit" });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`instance B exited with ${code}`)));
    child.on("message", (message: { type?: string; port?: number }) => {
      if (message.type === "ready" && message.port) resolve(message.port);
    });
  });
  bUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  child?.kill();
  await a?.close();
});

const onA = (path: string, cookie: string, init: RequestInit = {}) => a.app.request(path, { ...init, headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json", ...init.headers } });
const onB = (path: string, cookie: string) => fetch(`${bUrl}${path}`, { headers: { cookie, origin: TEST_ORIGIN } });

/** Milliseconds until `check` holds, trying every 5 ms. */
async function millisecondsUntil(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    if (await check()) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Infinity;
}

describe("two app instances without Redis", () => {
  test("PATCH /api/v1/templates/{id} on one instance: GET on the other serves the new name within 1 s", async () => {
    const cookie = await a.cookieFor("admin@agency.test");
    const listing = await onA("/api/v1/templates?limit=1", cookie);
    expect(listing.status).toBe(200);
    const [template] = ((await listing.json()) as { items: { id: string; name: string }[] }).items;
    const readOnB = async () => ((await (await onB(`/api/v1/templates/${template!.id}`, cookie)).json()) as { name: string }).name;
    expect(await readOnB()).toBe(template!.name); // now in B's L1
    expect(await readOnB()).toBe(template!.name);

    const renamed = `${template!.name} (renamed)`;
    const patch = await onA(`/api/v1/templates/${template!.id}`, cookie, { method: "PATCH", body: JSON.stringify({ name: renamed }) });
    expect(patch.status).toBe(200);

    expect(await millisecondsUntil(async () => (await readOnB()) === renamed)).toBeLessThan(1_000);
  });

  test("GET /api/v1/workflows/{id} is cached; PUT and DELETE on one instance reach the other within 1 s", async () => {
    const cookie = await a.cookieFor("admin@agency.test");
    const steps = [{ id: "wait", type: "delay", config: { ms: 1 } }];
    const created = await onA("/api/v1/workflows", cookie, { method: "POST", body: JSON.stringify({ name: "pgbus v1", steps }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const nameOnB = async () => {
      const response = await onB(`/api/v1/workflows/${id}`, cookie);
      return response.status === 200 ? ((await response.json()) as { name: string }).name : response.status;
    };
    expect(await nameOnB()).toBe("pgbus v1");
    // Changed behind the cache's back: B keeps serving its cached definition.
    await a.scratch.prisma.workflow.update({ where: { id }, data: { name: "pgbus behind the cache" } });
    expect(await nameOnB()).toBe("pgbus v1");

    const patch = await onA(`/api/v1/workflows/${id}`, cookie, { method: "PUT", body: JSON.stringify({ name: "pgbus v2", steps }) });
    expect(patch.status).toBe(200);
    expect(await millisecondsUntil(async () => (await nameOnB()) === "pgbus v2")).toBeLessThan(1_000);

    expect((await onA(`/api/v1/workflows/${id}`, cookie, { method: "DELETE" })).status).toBe(200);
    expect(await millisecondsUntil(async () => (await nameOnB()) === 404)).toBeLessThan(1_000);
  });

  test("a platform role removed on one instance refuses the user's next request on both within 1 s", async () => {
    const cookie = await a.cookieFor("sre@agency.test");
    expect((await onA("/api/v1/ops/cache", cookie)).status).toBe(200);
    expect((await onB("/api/v1/ops/cache", cookie)).status).toBe(200);
    expect((await onB("/api/v1/ops/cache", cookie)).status).toBe(200); // access and session remembered by B

    // What the platform-role route does after its step-up and audit: change, then invalidate.
    const { setPlatformRole } = await import("@/lib/auth/platform-role-service");
    const { db } = await import("@/lib/db/client");
    const admin = await a.scratch.prisma.user.findUniqueOrThrow({ where: { email: "admin@agency.test" }, select: { id: true, email: true } });
    await setPlatformRole(db().primary, "sre@agency.test", null, { userId: admin.id, email: admin.email, requestId: "pgbus-test" });

    expect((await onA("/api/v1/ops/cache", cookie)).status).toBe(403);
    expect(await millisecondsUntil(async () => (await onB("/api/v1/ops/cache", cookie)).status === 403)).toBeLessThan(1_000);
  });
});
