import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { makeStepUpStale } from "./support/stale-step-up";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("step_up");
});

afterAll(async () => api?.close());

async function call(method: "GET" | "POST", email: string, body?: unknown) {
  const response = await api.app.request("/api/v1/auth/step-up", {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> & { errors?: { path: string }[] } };
}

const ageSessions = (email: string) => makeStepUpStale(api, email);

describe("step-up authentication", () => {
  // The audit log refuses deletes, so each test reads only the entries written after it began.
  let testStartedAt = new Date();
  beforeEach(() => {
    testStartedAt = new Date();
  });
  const auditActions = async () =>
    (await api.scratch.prisma.auditEntry.findMany({ where: { at: { gte: testStartedAt }, action: { startsWith: "auth.step_up" } }, orderBy: { at: "asc" } })).map((entry) => [entry.action, entry.actorEmail]);

  test("a session signed in moments ago needs no password yet", async () => {
    const status = await call("GET", "sre@agency.test");

    expect(status.status).toBe(200);
    expect(status.body.required).toBe(false);
    expect(Date.parse(String(status.body.validUntil)) - Date.parse(String(status.body.verifiedAt))).toBe(300_000);
  });

  test("an old session needs the password; the right one unlocks it and is audited", async () => {
    await ageSessions("sre@agency.test");
    expect((await call("GET", "sre@agency.test")).body.required).toBe(true);

    const unlocked = await call("POST", "sre@agency.test", { password: DEMO_PASSWORD });

    expect(unlocked.status).toBe(200);
    expect(unlocked.body.required).toBe(false);
    expect((await call("GET", "sre@agency.test")).body.required).toBe(false);
    expect(await auditActions()).toEqual([["auth.step_up", "sre@agency.test"]]);
  });

  test("a wrong password is a 422 naming the field, unlocks nothing and is audited as refused", async () => {
    await ageSessions("manager@agency.test");

    const refused = await call("POST", "manager@agency.test", { password: "not-the-password-at-all" });

    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body.code).toBe("validation_failed");
    expect(refused.body.errors?.map((error) => error.path)).toEqual(["body.password"]);
    expect((await call("GET", "manager@agency.test")).body.required).toBe(true);
    expect(await auditActions()).toEqual([["auth.step_up_refused", "manager@agency.test"]]);
  });

  test("an empty password is a 400 for the field", async () => {
    const response = await call("POST", "admin@agency.test", { password: "" });

    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.path)).toEqual(["json.password"]);
  });

  test("repeated wrong passwords are limited like sign-ins: 429 with Retry-After", async () => {
    await ageSessions("member@agency.test");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await call("POST", "member@agency.test", { password: `wrong-password-${attempt}` })).status);

    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    const limited = await call("POST", "member@agency.test", { password: DEMO_PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
