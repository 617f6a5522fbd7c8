import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { catalogRoutes } from "@/lib/http/route-catalog";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("api_tokens");
}, 120_000);

afterAll(async () => api?.close());

type Json = Record<string, unknown>;
type Scope = { type: "tenant"; tenantId: string } | { type: "platform_read" };

async function asUser(email: string, method: string, path: string, body?: unknown) {
  const response = await api.app.request(`/api${path}`, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function withToken(secret: string, method: string, path: string, body?: unknown) {
  const response = await api.app.request(`/api${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function tenantIdOf(slug: string): Promise<string> {
  return (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id;
}

async function createToken(email: string, scope: Scope, expiresInDays = 30): Promise<{ id: string; secret: string; prefix: string }> {
  const created = await asUser(email, "POST", "/v1/account/tokens", { name: `ci ${Math.random()}`, scope, expiresInDays });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string; prefix: string };
}

describe("POST /api/v1/account/tokens", () => {
  test("a tenant token reads its tenant's templates with the owner's role, and nothing of another tenant", async () => {
    const token = await createToken("member@agency.test", { type: "tenant", tenantId: await tenantIdOf("northwind") });
    expect(token.secret).toMatch(/^agt_[A-Za-z0-9_-]{43}$/);
    expect(token.secret.startsWith(token.prefix)).toBe(true);

    const listed = await withToken(token.secret, "GET", "/v1/templates?category=landing-pages&limit=20");
    expect(listed.status).toBe(200);

    const foreign = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenant: { slug: "bluefin" } }, select: { id: true } });
    expect((await withToken(token.secret, "GET", `/v1/templates/${foreign.id}`)).status).toBe(404);
    // A member's role: a template change needs a tenant admin.
    expect((await withToken(token.secret, "POST", "/v1/templates", { name: "x" })).status).toBe(403);
  });

  test("a tenant token is refused on platform routes even when its owner holds a platform role", async () => {
    const token = await createToken("sre@agency.test", { type: "tenant", tenantId: await tenantIdOf("northwind") });
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(200);
    expect((await withToken(token.secret, "GET", "/v1/ops/signals")).status).toBe(403);
  });

  test("a platform token reads platform routes and never changes anything, even for an sre", async () => {
    const token = await createToken("sre@agency.test", { type: "platform_read" });
    expect((await withToken(token.secret, "GET", "/v1/ops/signals")).status).toBe(200);
    const change = await withToken(token.secret, "PUT", "/v1/ops/instances", { desired: 2 });
    expect(change).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect((await withToken(token.secret, "POST", "/v1/ops/load-tests", { name: "x" })).status).toBe(403);
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(403);
  });

  test("a platform token needs a platform role; a tenant token needs a membership", async () => {
    const refused = await asUser("member@agency.test", "POST", "/v1/account/tokens", { name: "ops", scope: { type: "platform_read" }, expiresInDays: 7 });
    expect(refused.status).toBe(403);
    const notMember = await asUser("member@agency.test", "POST", "/v1/account/tokens", { name: "x", scope: { type: "tenant", tenantId: await tenantIdOf("bluefin") }, expiresInDays: 7 });
    expect(notMember.status).toBe(404);
  });

  test("the expiry is required and at most 365 days, in plain words", async () => {
    const scope = { type: "tenant", tenantId: await tenantIdOf("northwind") };
    const missing = await asUser("member@agency.test", "POST", "/v1/account/tokens", { name: "x", scope });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: "json.expiresInDays", message: "Expiry is required" }));
    expect((await asUser("member@agency.test", "POST", "/v1/account/tokens", { name: "x", scope, expiresInDays: 366 })).status).toBe(400);
    expect((await asUser("member@agency.test", "POST", "/v1/account/tokens", { name: "x", scope, expiresInDays: 0 })).status).toBe(400);
  });

  test("a token cannot list, create or revoke tokens, nor step up", async () => {
    const token = await createToken("admin@agency.test", { type: "platform_read" });
    expect((await withToken(token.secret, "GET", "/v1/account/tokens")).status).toBe(403);
    expect((await withToken(token.secret, "POST", "/v1/account/tokens", { name: "child", scope: { type: "platform_read" }, expiresInDays: 1 })).status).toBe(403);
    expect((await withToken(token.secret, "DELETE", `/v1/account/tokens/${token.id}`)).status).toBe(403);
    expect((await withToken(token.secret, "POST", "/v1/auth/step-up", { password: "anything" })).status).toBe(403);
    expect((await withToken(token.secret, "GET", "/v1/me")).status).toBe(403);
    expect((await withToken(token.secret, "DELETE", `/v1/ops/users/x/api-tokens/${token.id}`)).status).toBe(403);
    expect(await api.scratch.prisma.apiToken.count({ where: { id: token.id } })).toBe(1);
  });

  test("the secret is stored only as its SHA-256, and lastUsedAt is written on use", async () => {
    const token = await createToken("member@agency.test", { type: "tenant", tenantId: await tenantIdOf("copperleaf") });
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(200);
    const rows = await api.scratch.prisma.$queryRaw<Json[]>`select * from api_token`;
    expect(JSON.stringify(rows)).not.toContain(token.secret);
    expect(JSON.stringify(rows)).not.toContain(token.secret.slice(12));
    const row = await api.scratch.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.secretHash).toBe(createHash("sha256").update(token.secret).digest("hex"));
    expect(row.lastUsedAt).not.toBeNull();
    const listed = await asUser("member@agency.test", "GET", "/v1/account/tokens");
    expect(JSON.stringify(listed.body)).not.toContain(token.secret);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: token.id, prefix: token.prefix, scope: "tenant" }));
  });

  test("an unknown, malformed or expired token gets 401", async () => {
    expect((await withToken(`agt_${"A".repeat(43)}`, "GET", "/v1/templates?limit=5")).status).toBe(401);
    expect((await withToken("agt_short", "GET", "/v1/templates?limit=5")).status).toBe(401);
    const token = await createToken("member@agency.test", { type: "tenant", tenantId: await tenantIdOf("northwind") });
    await api.scratch.prisma.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(401);
  });

  test("an unknown or revoked token is read from the database once, not on every request", async () => {
    const { metrics } = await import("@/lib/metrics/registry");
    const queriesSent = async () => ((await metrics.registry.getSingleMetric("db_queries_total")?.get())?.values ?? []).reduce((sum, sample) => sum + sample.value, 0);
    const unknown = `agt_${randomUUID().replaceAll("-", "")}${"B".repeat(11)}`;
    const token = await createToken("member@agency.test", { type: "tenant", tenantId: await tenantIdOf("northwind") });
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(200);
    expect((await asUser("member@agency.test", "DELETE", `/v1/account/tokens/${token.id}`)).status).toBe(200);
    for (const secret of [unknown, token.secret]) {
      expect((await withToken(secret, "GET", "/v1/templates?limit=5")).status).toBe(401);
      const before = await queriesSent();
      for (let request = 0; request < 50; request++) expect((await withToken(secret, "GET", "/v1/templates?limit=5")).status).toBe(401);
      expect(await queriesSent()).toBeLessThan(before + 5);
    }
  });

  test("a removed membership takes the token's access at once", async () => {
    const tenantId = await tenantIdOf("bluefin");
    const token = await createToken("designer@bluefin.test", { type: "tenant", tenantId });
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(200);

    const user = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "designer@bluefin.test" }, select: { id: true } });
    await api.scratch.prisma.membership.deleteMany({ where: { tenantId, userId: user.id } });
    // What any code that changes a membership does, as platform-role changes do.
    const { cacheTags, invalidateTag } = await import("@/lib/cache");
    await invalidateTag(cacheTags.userAccess(user.id));

    const refused = await withToken(token.secret, "GET", "/v1/templates?limit=5");
    expect(refused).toMatchObject({ status: 403, body: { detail: "the token's owner is no longer a member of its tenant" } });
  });
});

describe("DELETE /api/v1/account/tokens/{id}", () => {
  test("the owner revokes a token: the next request gets 401, and both changes are audited", async () => {
    const tenantId = await tenantIdOf("northwind");
    const token = await createToken("member@agency.test", { type: "tenant", tenantId });
    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(200);

    expect((await asUser("designer@bluefin.test", "DELETE", `/v1/account/tokens/${token.id}`)).status).toBe(404);
    expect(await asUser("member@agency.test", "DELETE", `/v1/account/tokens/${token.id}`)).toMatchObject({ status: 200, body: { revoked: true } });

    expect((await withToken(token.secret, "GET", "/v1/templates?limit=5")).status).toBe(401);
    const entries = await api.scratch.prisma.auditEntry.findMany({ where: { target: `api_token:${token.id}` }, orderBy: { seq: "asc" } });
    expect(entries).toMatchObject([
      { action: "api_token.create", actorEmail: "member@agency.test", tenantId, after: { prefix: token.prefix, scope: "tenant", tenantId } },
      { action: "api_token.revoke", actorEmail: "member@agency.test", tenantId, before: { prefix: token.prefix }, after: null },
    ]);
    expect(JSON.stringify(entries.map((entry) => [entry.before, entry.after]))).not.toContain(token.secret);
  });
});

describe("DELETE /api/v1/ops/users/{userId}/api-tokens/{id}", () => {
  test("a platform admin revokes another user's token (audited without a tenant for a platform token)", async () => {
    const token = await createToken("viewer@agency.test", { type: "platform_read" });
    expect((await withToken(token.secret, "GET", "/v1/ops/signals")).status).toBe(200);
    const owner = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "viewer@agency.test" }, select: { id: true } });

    expect((await asUser("sre@agency.test", "DELETE", `/v1/ops/users/${owner.id}/api-tokens/${token.id}`)).status).toBe(403);
    const listed = await asUser("admin@agency.test", "GET", `/v1/ops/users/${owner.id}/api-tokens`);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: token.id }));
    expect((await asUser("admin@agency.test", "DELETE", `/v1/ops/users/${owner.id}/api-tokens/${token.id}`)).status).toBe(200);

    expect((await withToken(token.secret, "GET", "/v1/ops/signals")).status).toBe(401);
    const entry = await api.scratch.prisma.auditEntry.findFirstOrThrow({ where: { target: `api_token:${token.id}`, action: "api_token.revoke" } });
    expect(entry).toMatchObject({ actorEmail: "admin@agency.test", tenantId: null });
  });
});

describe("every route, called with a token of a platform admin who is also a tenant admin", () => {
  test("a tenant token passes exactly the tenant routes, a platform token exactly the platform GETs", async () => {
    const tenantToken = await createToken("admin@agency.test", { type: "tenant", tenantId: await tenantIdOf("northwind") });
    const platformToken = await createToken("admin@agency.test", { type: "platform_read" });
    const routes = catalogRoutes();
    expect(routes.length).toBeGreaterThan(60);
    const mismatches: string[] = [];
    for (const route of routes) {
      const path = `/api${route.path.replace(/\{pid\}/g, "999999").replace(/\{key\}/g, "no-such-key").replace(/\{[A-Za-z]+\}/g, () => randomUUID())}`;
      const hasBody = route.method !== "GET" && route.method !== "DELETE";
      for (const [token, allowed] of [
        [tenantToken, route.access.scope === "tenant"],
        [platformToken, route.access.scope === "platform" && route.method === "GET"],
      ] as const) {
        const response = await api.app.request(path, {
          method: route.method,
          headers: { authorization: `Bearer ${token.secret}`, accept: "application/json", ...(hasBody ? { "content-type": "application/json" } : {}) },
          body: hasBody ? "{}" : undefined,
        });
        const body = response.headers.get("content-type")?.includes("json") ? ((await response.json()) as { code?: string }) : null;
        if (!body) await response.body?.cancel();
        const refused = response.status === 403 && body?.code === "forbidden";
        const label = `${route.method} ${route.path} with a ${token === tenantToken ? "tenant" : "platform"} token`;
        if (response.status === 401 || response.status >= 500) mismatches.push(`${label}: ${response.status}`);
        else if (body?.code === "step_up_required") mismatches.push(`${label}: asked for a step-up`);
        else if (allowed === refused) mismatches.push(`${label}: answered ${response.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
