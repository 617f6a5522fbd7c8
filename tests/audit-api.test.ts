import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { resetAuditLog } from "./support/audit-log";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("audit_api");
});
afterAll(async () => api?.close());

async function call(method: string, path: string, email: string) {
  const response = await api.app.request(path, { method, headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN } });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  return { status: response.status, headers: response.headers, text, body: (isJson ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function signIn(email: string, password: string): Promise<number> {
  const response = await api.app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_ORIGIN, "x-request-id": `sign-in-${email.split("@")[0]}-${password.length}` },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

describe("refused authorizations", () => {
  beforeEach(async () => {
    await api.cookieFor("member@agency.test");
    await resetAuditLog(api.scratch.prisma);
  });

  test("an API 403 writes one authz.denied entry naming who, what and why, and still answers 403", async () => {
    const response = await call("GET", "/api/v1/ops/audit", "member@agency.test");

    expect(response.status).toBe(403);
    const entries = await api.scratch.prisma.auditEntry.findMany();
    const member = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "member@agency.test" }, select: { id: true } });
    expect(entries).toEqual([
      expect.objectContaining({
        action: "authz.denied",
        actorEmail: "member@agency.test",
        actorUserId: member.id,
        target: "GET /api/v1/ops/audit",
        after: { reason: "requires one of the platform roles: manager, admin", code: "forbidden", role: "member", platformRole: null },
        requestId: response.headers.get("x-request-id"),
      }),
    ]);
    // A refusal in the control plane belongs to the platform's trail, not to the tenant the member works in.
    expect(entries[0]!.tenantId).toBeNull();
  });

  test("a flood of 100 concurrent refusals records every one, batched into far fewer statements, and the chain verifies", async () => {
    const cookie = await api.cookieFor("member@agency.test");
    const responses = await Promise.all(Array.from({ length: 100 }, () => api.app.request("/api/v1/ops/signals", { headers: { cookie, origin: TEST_ORIGIN } })));

    expect(responses.every((response) => response.status === 403)).toBe(true);
    const entries = await api.scratch.prisma.auditEntry.findMany({ where: { action: "authz.denied" }, select: { at: true } });
    expect(entries).toHaveLength(100);
    // One statement is one transaction, whose rows share its timestamp.
    const statements = new Set(entries.map((entry) => entry.at.getTime())).size;
    expect(statements).toBeLessThan(20);
    const verify = await call("GET", "/api/v1/ops/audit/verify", "manager@agency.test");
    expect(verify.body).toMatchObject({ ok: true });
  });

  test("a 401 (no session) is not a refused authorization and writes nothing", async () => {
    const response = await api.app.request("/api/v1/ops/audit", { headers: { origin: TEST_ORIGIN } });

    expect(response.status).toBe(401);
    expect(await api.scratch.prisma.auditEntry.count()).toBe(0);
  });
});

describe("sign-ins", () => {
  beforeEach(async () => resetAuditLog(api.scratch.prisma));

  test("a success is recorded at once with the address, a wrong password as a count per account and window, and the log still verifies", async () => {
    expect(await signIn("sre@agency.test", "wrong-password-123")).toBe(401);
    expect(await signIn("sre@agency.test", DEMO_PASSWORD)).toBe(200);

    const sre = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "sre@agency.test" }, select: { id: true } });
    expect(await api.scratch.prisma.auditEntry.findMany({ where: { action: "auth.sign_in" } })).toEqual([
      expect.objectContaining({ actorEmail: "sre@agency.test", actorUserId: sre.id, target: `user:${sre.id}`, after: { address: "unknown", status: 200 } }),
    ]);
    // Failures are tallied and written every 10 s: one entry per account and window, not one per attempt.
    await expect.poll(() => api.scratch.prisma.auditEntry.findMany({ where: { action: "auth.sign_in_failed" } }), { timeout: 20_000, interval: 500 }).toEqual([
      expect.objectContaining({ actorEmail: "sre@agency.test", actorUserId: "anonymous", target: "email:sre@agency.test", after: expect.objectContaining({ count: 1, addresses: ["unknown"] }) }),
    ]);
    const verify = await call("GET", "/api/v1/ops/audit/verify", "manager@agency.test");
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true, broken: null, unprotected: [] });
  });
});

describe("GET /api/v1/ops/audit", () => {
  beforeAll(async () => {
    await resetAuditLog(api.scratch.prisma);
    for (let index = 1; index <= 5; index++) {
      await api.scratch.prisma.auditEntry.create({
        data: { actorUserId: "u", actorEmail: index % 2 ? "odd@agency.test" : "even@agency.test", tenantId: null, action: index < 4 ? "checklist.tick" : "scaling_rule.update", target: `thing:${index}`, after: { index }, requestId: `r${index}` },
      });
    }
  });

  test("pages newest first with a cursor, and filters by actor, action prefix, target prefix and time", async () => {
    const first = await call("GET", "/api/v1/ops/audit?limit=2&action=checklist.", "manager@agency.test");
    expect(first.status).toBe(200);
    const items = first.body.items as { target: string; seq: number }[];
    expect(items.map((item) => item.target)).toEqual(["thing:3", "thing:2"]);
    const second = await call("GET", `/api/v1/ops/audit?limit=2&action=checklist.&cursor=${first.body.nextCursor as string}`, "manager@agency.test");
    expect((second.body.items as { target: string }[]).map((item) => item.target)).toEqual(["thing:1"]);
    expect(second.body.nextCursor).toBeNull();

    const odd = await call("GET", "/api/v1/ops/audit?actor=odd@agency.test&target=thing:", "manager@agency.test");
    expect((odd.body.items as { target: string }[]).map((item) => item.target)).toEqual(["thing:5", "thing:3", "thing:1"]);
    const future = await call("GET", `/api/v1/ops/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, "manager@agency.test");
    expect(future.body.items).toEqual([]);
  });

  test("bad filters are 400 problems naming the field", async () => {
    const response = await call("GET", "/api/v1/ops/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&tenant=nope", "manager@agency.test");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.text).toContain("query.tenant");
    const cursor = await call("GET", "/api/v1/ops/audit?cursor=garbage", "manager@agency.test");
    expect(cursor.status).toBe(400);
  });

  test("the CSV export streams the same filtered entries with a header row", async () => {
    const response = await call("GET", "/api/v1/ops/audit/export.csv?action=scaling_rule.", "manager@agency.test");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = response.text.trim().split("\r\n");
    expect(lines[0]).toBe("seq,at,actor_email,actor_user_id,tenant_id,action,target,request_id,before,after,prev_hash,hash");
    expect(lines.slice(1).map((line) => line.split(",")[6])).toEqual(["thing:5", "thing:4"]);
    expect(lines[1]).toContain('"{""index"":5}"');
  });

  test("a tenant member, a tenant admin, a platform viewer and a platform sre get 403 on the list, the export and verify", async () => {
    for (const email of ["member@agency.test", "lead@copperleaf.test", "viewer@agency.test", "sre@agency.test"]) {
      for (const path of ["/api/v1/ops/audit", "/api/v1/ops/audit/export.csv", "/api/v1/ops/audit/verify"]) {
        const response = await call("GET", path, email);
        expect(response.status, `${email} ${path}`).toBe(403);
        expect(response.text, `${email} ${path}`).not.toContain("thing:");
      }
    }
  });
});
