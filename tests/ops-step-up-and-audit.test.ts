import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { makeStepUpStale } from "./support/stale-step-up";

/**
 * Findings of the trust review: some ops changes needed no recent password, and some changes
 * were never audited. Each platform change below is refused with a stale session before it
 * does anything; each audited change leaves its entry.
 */
let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("ops_step_up");
});

afterAll(async () => api?.close());

async function call(email: string, method: string, path: string, body?: unknown) {
  const response = await api.app.request(`/api${path}`, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const makeStale = (email: string) => makeStepUpStale(api, email);

describe("ops changes that needed no recent password now ask for one", () => {
  beforeAll(() => makeStale("admin@agency.test"));

  test.each([
    ["ending a database backend", "POST", "/v1/ops/diagnostics/blockers/4242/actions", { action: "terminate", confirmPid: 4242 }],
    ["scaling", "PUT", "/v1/ops/instances", { desired: 2 }],
    ["ending an override", "POST", "/v1/ops/emergency/overrides/00000000-0000-4000-8000-000000000000/end", {}],
    ["editing an autoscaling policy", "PUT", "/v1/ops/autoscaling/policy", {}],
    ["editing a threshold rule", "PUT", "/v1/ops/rules/cpu-high", {}],
    ["retrying every dead letter", "POST", "/v1/ops/workflows/dead-letter/retry", { dryRun: false, confirmCount: 0 }],
  ])("%s with a stale session is 403 step_up_required and changes nothing", async (_what, method, path, body) => {
    const auditBefore = await api.scratch.prisma.auditEntry.count({ where: { actorEmail: "admin@agency.test", NOT: { action: "authz.denied" } } });
    const refused = await call("admin@agency.test", method, path, body);
    expect(refused).toMatchObject({ status: 403, body: { code: "step_up_required" } });
    expect(await api.scratch.prisma.auditEntry.count({ where: { actorEmail: "admin@agency.test", NOT: { action: "authz.denied" } } })).toBe(auditBefore);
  });

  test("a preview changes nothing, so it needs no password", async () => {
    const preview = await call("admin@agency.test", "POST", "/v1/ops/cache/invalidations/preview", { kind: "tag", value: "templates:none" });
    expect(preview.status).not.toBe(403);
  });
});

describe("changes that were never audited now are", () => {
  test("workflow create, update and delete each write an audit entry of the tenant, with header secrets redacted", async () => {
    const definition = {
      name: "Notify CRM",
      steps: [{ id: "call", type: "http", config: { url: "https://crm.example.com/hook", method: "POST", headers: { Authorization: "Bearer very-secret-token" }, timeoutMs: 1000 } }],
    };
    const created = await call("lead@copperleaf.test", "POST", "/v1/workflows", definition);
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain("very-secret-token");
    const id = String(created.body.id);
    // Saved back as shown (redacted), the stored secret is kept.
    const updated = await call("lead@copperleaf.test", "PUT", `/v1/workflows/${id}`, { ...definition, name: "Notify CRM v2", steps: created.body.steps });
    expect(updated.status).toBe(200);
    // The stored secret is kept, encrypted: it opens to the value sent at creation.
    const stored = await api.scratch.prisma.workflow.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(stored.definition)).not.toContain("very-secret-token");
    const { decryptSecret, workflowSecretsKey } = await import("@/lib/workflows/secret-crypto");
    const storedHeaders = (stored.definition as { steps: { config: { headers: Record<string, string> } }[] }).steps[0]!.config.headers;
    expect(decryptSecret(Object.values(storedHeaders)[0]!, workflowSecretsKey())).toBe("Bearer very-secret-token");
    expect((await call("lead@copperleaf.test", "DELETE", `/v1/workflows/${id}`)).status).toBe(200);

    const entries = await api.scratch.prisma.auditEntry.findMany({ where: { target: `workflow:${id}` }, orderBy: { seq: "asc" } });
    expect(entries.map((entry) => entry.action)).toEqual(["workflow.create", "workflow.update", "workflow.delete"]);
    expect(new Set(entries.map((entry) => entry.tenantId)).size).toBe(1);
    expect(entries[0]!.tenantId).not.toBeNull();
    expect(JSON.stringify(entries.map((entry) => [entry.before, entry.after]))).not.toContain("very-secret-token");
  });

  test("scaling writes its audit entry before the orchestrator acts, even when it then refuses", async () => {
    const scaled = await call("sre@agency.test", "PUT", "/v1/ops/instances", { desired: 2 });
    // This test process runs no supervisor: the orchestrator refuses, the request is on record anyway.
    expect(scaled.status).toBe(409);
    const entry = await api.scratch.prisma.auditEntry.findFirst({ where: { action: "instances.scale", actorEmail: "sre@agency.test" } });
    expect(entry).toMatchObject({ tenantId: null, after: { requested: 2 } });
  });

  test("cache invalidation writes its audit entry before it acts", async () => {
    const done = await call("sre@agency.test", "POST", "/v1/ops/cache/invalidations", { kind: "tag", value: "templates:none", confirmation: "templates:none" });
    expect(done.status).toBe(200);
    const entry = await api.scratch.prisma.auditEntry.findFirst({ where: { action: "cache.invalidate_tag", actorEmail: "sre@agency.test" }, orderBy: { seq: "desc" } });
    expect(entry).toMatchObject({ target: "cache_tag:templates:none", after: { requested: true } });
  });
});

test("an operator's refusals and password re-entries in the control plane never appear in the audit view of the tenant they work in", async () => {
  // sre@ is a platform sre and a member of Northwind; admin@ is Northwind's tenant admin.
  expect((await call("sre@agency.test", "GET", "/v1/ops/audit")).status).toBe(403);
  expect((await call("sre@agency.test", "POST", "/v1/auth/step-up", { password: "not-the-password" })).status).toBe(422);
  await expect
    .poll(async () => api.scratch.prisma.auditEntry.count({ where: { actorEmail: "sre@agency.test", action: { in: ["authz.denied", "auth.step_up_refused"] } } }))
    .toBeGreaterThanOrEqual(2);
  const refusal = await api.scratch.prisma.auditEntry.findFirst({ where: { actorEmail: "sre@agency.test", action: "authz.denied" }, orderBy: { seq: "desc" } });
  expect(refusal).toMatchObject({ tenantId: null, after: { role: "member", platformRole: "sre" } });

  const northwindId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } })).id;
  const response = await api.app.request("/api/v1/audit?actor=sre@agency.test&limit=200", { headers: { cookie: `${await api.cookieFor("admin@agency.test")}; agency_tenant=${northwindId}` } });
  const northwind = { status: response.status, body: (await response.json()) as { items: { action: string; tenantName: string }[] } };
  expect(northwind.status).toBe(200);
  // The view is Northwind's: sre@'s own Northwind entries would show here, the platform ones must not.
  expect(northwind.body.items.every((entry) => entry.tenantName === "Northwind Creative")).toBe(true);
  const actions = northwind.body.items.map((entry) => entry.action);
  expect(actions).not.toContain("authz.denied");
  expect(actions).not.toContain("auth.step_up_refused");
});
