import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { makeStepUpStale } from "./support/stale-step-up";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("platform_roles");
});

afterAll(async () => api?.close());

async function call(email: string, method: "GET" | "PUT", path: string, body?: unknown) {
  const response = await api.app.request(`/api${path}`, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("PUT /api/v1/ops/platform-roles", () => {
  test("a customer's admin role never opens the control plane, and cannot grant itself a platform role", async () => {
    expect((await call("lead@copperleaf.test", "GET", "/v1/ops/signals")).status).toBe(403);
    const escalation = await call("lead@copperleaf.test", "PUT", "/v1/ops/platform-roles", { email: "lead@copperleaf.test", role: "admin" });
    expect(escalation).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(await api.scratch.prisma.platformRoleGrant.count({ where: { user: { email: "lead@copperleaf.test" } } })).toBe(0);
  });

  test("a platform sre cannot change platform roles", async () => {
    expect((await call("sre@agency.test", "PUT", "/v1/ops/platform-roles", { email: "sre@agency.test", role: "admin" })).status).toBe(403);
  });

  test("a platform admin grants a role: audited, and it opens the control plane on the user's next request", async () => {
    expect((await call("member@agency.test", "GET", "/v1/ops/signals")).status).toBe(403);

    const granted = await call("admin@agency.test", "PUT", "/v1/ops/platform-roles", { email: "member@agency.test", role: "viewer" });

    expect(granted).toMatchObject({ status: 200, body: { email: "member@agency.test", role: "viewer" } });
    expect((await call("member@agency.test", "GET", "/v1/ops/signals")).status).toBe(200);
    // A viewer reads; a change still needs the sre role.
    expect((await call("member@agency.test", "PUT", "/v1/ops/instances", { desired: 2 })).status).toBe(403);
    const entry = await api.scratch.prisma.auditEntry.findFirst({ where: { action: "platform_role.grant" }, orderBy: { seq: "desc" } });
    expect(entry).toMatchObject({ actorEmail: "admin@agency.test", tenantId: null, before: { platformRole: null }, after: { platformRole: "viewer" } });

    await call("admin@agency.test", "PUT", "/v1/ops/platform-roles", { email: "member@agency.test", role: null });
    expect((await call("member@agency.test", "GET", "/v1/ops/signals")).status).toBe(403);
  });

  test("the last platform admin cannot be removed", async () => {
    const removed = await call("admin@agency.test", "PUT", "/v1/ops/platform-roles", { email: "admin@agency.test", role: "sre" });
    expect(removed).toMatchObject({ status: 409 });
    expect((await call("admin@agency.test", "GET", "/v1/ops/platform-roles")).body.items).toContainEqual(expect.objectContaining({ email: "admin@agency.test", role: "admin" }));
  });

  test("an unknown role is a 400 naming the field", async () => {
    const bad = await call("admin@agency.test", "PUT", "/v1/ops/platform-roles", { email: "member@agency.test", role: "owner" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: "json.role" }));
  });

  test("changing a platform role needs a recent password", async () => {
    await makeStepUpStale(api, "admin@agency.test");

    const stale = await call("admin@agency.test", "PUT", "/v1/ops/platform-roles", { email: "designer@bluefin.test", role: "viewer" });

    expect(stale).toMatchObject({ status: 403, body: { code: "step_up_required" } });
    expect(await api.scratch.prisma.platformRoleGrant.count({ where: { user: { email: "designer@bluefin.test" } } })).toBe(0);
  });

});
