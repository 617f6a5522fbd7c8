import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi, signInThroughPage } from "../fixtures/accounts";

test.describe("health, readiness and metrics", () => {
  test("GET /api/health answers ok without a session", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("GET /api/ready reports the primary up and the replica streaming", async ({ request }) => {
    const response = await request.get("/api/ready");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ready");
    expect(body.checks.db.primary.status).toBe("up");
    expect(body.checks.db.replicas).toHaveLength(1);
    expect(body.checks.db.replicas[0]).toMatchObject({ name: "replica1", status: "up", replication: "streaming" });
    expect(body.checks.redis).toBeNull();
    expect(body.checks.cache).toMatchObject({ mode: "l1-only", breaker: "closed" });
  });

  test("a metric recorded while rendering a page shows up in /api/metrics", async ({ page, request }) => {
    const rendersOf = async () => {
      const text = await (await request.get("/api/metrics")).text();
      const match = text.match(/^agency_page_renders_total\{area="app"\} (\d+)$/m);
      return match ? Number(match[1]) : 0;
    };
    const before = await rendersOf();
    await signInThroughPage(page, ACCOUNTS.member);
    await expect(page).toHaveURL(/\/app$/);
    await expect.poll(rendersOf).toBeGreaterThan(before);
  });

  test("/api/metrics labels latency by route template, never by raw URL", async ({ request }) => {
    await request.get("/api/v1/no-such-thing/123");
    await request.get("/api/health");
    const text = await (await request.get("/api/metrics")).text();
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/health",status="200"\}/);
    expect(text).toContain('route="unmatched"');
    expect(text).not.toContain("no-such-thing");
    expect(text).toContain("process_cpu_user_seconds_total");
  });
});

test.describe("problem+json errors", () => {
  test("an unknown API path is a 404 problem", async ({ request }) => {
    const response = await request.get("/api/v1/nothing-here");
    expect(response.status()).toBe(404);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 404, code: "not_found", title: "Not Found" });
    expect(problem.requestId).toBe(response.headers()["x-request-id"]);
  });

  test("an API call without a session is 401", async ({ request }) => {
    const response = await request.get("/api/v1/me");
    expect(response.status()).toBe(401);
    expect((await response.json()).code).toBe("unauthorized");
  });

  test("bad input is a 400 naming the field and the reason", async ({ request }) => {
    await signInThroughApi(request, ACCOUNTS.member);
    const response = await request.put("/api/v1/session/tenant", { data: { tenantId: "not-a-uuid" } });
    expect(response.status()).toBe(400);
    const problem = await response.json();
    expect(problem.errors).toEqual([expect.objectContaining({ path: "json.tenantId" })]);
  });

  test("malformed JSON is a 400, not a 500", async ({ request }) => {
    await signInThroughApi(request, ACCOUNTS.member);
    const response = await request.put("/api/v1/session/tenant", { headers: { "content-type": "application/json" }, data: "{oops" });
    expect(response.status()).toBe(400);
  });

  test("a body that is not JSON is a 415", async ({ request }) => {
    await signInThroughApi(request, ACCOUNTS.member);
    const response = await request.put("/api/v1/session/tenant", { headers: { "content-type": "text/plain" }, data: "hello" });
    expect(response.status()).toBe(415);
  });

  test("an oversized body is a 413", async ({ request }) => {
    const response = await request.put("/api/v1/session/tenant", {
      headers: { "content-type": "application/json" },
      data: JSON.stringify({ tenantId: "x".repeat(2_000_000) }),
    });
    expect(response.status()).toBe(413);
  });

  test("a cookie-authenticated change from another origin is refused", async ({ request }) => {
    await signInThroughApi(request, ACCOUNTS.member);
    const response = await request.put("/api/v1/session/tenant", { headers: { origin: "https://evil.example" }, data: { tenantId: crypto.randomUUID() } });
    expect(response.status()).toBe(403);
    expect((await response.json()).detail).toContain("cross-site");
  });
});

test("GET /api/v1/openapi.json documents the routes from their schemas", async ({ request }) => {
  const document = await (await request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/v1/me", "/api/v1/session/tenant"]));
  expect(document.components.schemas.Membership.type).toBe("object");
  expect(document.components.schemas.SwitchTenantInput.properties.tenantId).toMatchObject({ type: "string", format: "uuid" });
});

test.describe("tenancy", () => {
  test("GET /api/v1/me lists the user's tenants and roles, and the platform role apart from them", async ({ request }) => {
    await signInThroughApi(request, ACCOUNTS.sre);
    const me = await (await request.get("/api/v1/me")).json();
    expect(me.user.email).toBe(ACCOUNTS.sre);
    expect(me.memberships.map((m: { tenantSlug: string; role: string }) => `${m.tenantSlug}:${m.role}`).sort()).toEqual(["northwind:member"]);
    expect(me.platformRole).toBe("sre");
  });

  test("switching to a tenant the user does not belong to is a 404", async ({ request, playwright }) => {
    const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: test.info().project.use.extraHTTPHeaders });
    await signInThroughApi(admin, ACCOUNTS.admin);
    const adminView = await (await admin.get("/api/v1/me")).json();
    const bluefin = adminView.memberships.find((m: { tenantSlug: string }) => m.tenantSlug === "bluefin");
    await admin.dispose();

    await signInThroughApi(request, ACCOUNTS.member);
    const response = await request.put("/api/v1/session/tenant", { data: { tenantId: bluefin.tenantId } });
    expect(response.status()).toBe(404);
  });
});

test("repeated failed sign-ins get a 429 with Retry-After", async ({ request }) => {
  const attempt = () => request.post("/api/auth/sign-in/email", { data: { email: "nobody@agency.test", password: "wrong-password-123" } });
  for (let i = 0; i < 5; i++) expect((await attempt()).status()).toBe(401);
  const limited = await attempt();
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(limited.headers()["content-type"]).toContain("application/problem+json");
});
