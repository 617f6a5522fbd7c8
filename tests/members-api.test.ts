import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("members_api");
}, 120_000);

afterAll(async () => api?.close());

type Json = Record<string, unknown>;
/** Copperleaf's tenant admin, with no other tenant and no platform role. */
const LEAD = "lead@copperleaf.test";
/** A Bluefin member, not (yet) in Copperleaf. */
const DESIGNER = "designer@bluefin.test";

async function call(email: string, method: string, path: string, body?: unknown) {
  const response = await api.app.request(`/api${path}`, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function withToken(secret: string, path: string) {
  return (await api.app.request(`/api${path}`, { headers: { authorization: `Bearer ${secret}` } })).status;
}

async function userId(email: string): Promise<string> {
  return (await api.scratch.prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

async function tenantNames(email: string): Promise<string[]> {
  const me = await call(email, "GET", "/v1/me");
  return (me.body.memberships as { tenantName: string }[]).map((membership) => membership.tenantName).sort();
}

describe("tenant members", () => {
  test("a tenant admin lists the tenant's members by e-mail, page by page, and nobody else's", async () => {
    const first = await call(LEAD, "GET", "/v1/members?limit=2");
    expect(first.status).toBe(200);
    expect((first.body.items as Json[]).map((member) => member.email)).toEqual(["admin@agency.test", LEAD]);
    const second = await call(LEAD, "GET", `/v1/members?limit=2&cursor=${String(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ items: [{ email: "member@agency.test", role: "member", name: "Mia Chen" }], nextCursor: null });
  });

  test("a tenant member and a platform role without a tenant role are refused", async () => {
    expect((await call("member@agency.test", "GET", "/v1/members")).status).toBe(403);
    expect((await call("viewer@agency.test", "GET", "/v1/members")).status).toBe(403);
    expect((await call("member@agency.test", "POST", "/v1/members", { email: DESIGNER, role: "admin" })).status).toBe(403);
  });

  test("adding an existing account counts on its next request, is audited, and is refused twice, for no account or a bad address", async () => {
    expect(await tenantNames(DESIGNER)).toEqual(["Bluefin Digital"]); // its access is cached from here on
    const added = await call(LEAD, "POST", "/v1/members", { email: " Designer@Bluefin.test ", role: "member" });
    expect(added).toMatchObject({ status: 201, body: { email: DESIGNER, role: "member" } });
    expect(await tenantNames(DESIGNER)).toEqual(["Bluefin Digital", "Copperleaf Studio"]);

    const entry = await api.scratch.prisma.auditEntry.findFirstOrThrow({ where: { action: "membership.add", target: `user:${await userId(DESIGNER)}` } });
    expect(entry).toMatchObject({ actorEmail: LEAD, before: null, after: { email: DESIGNER, role: "member" } });
    expect(entry.tenantId).toBe((await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "copperleaf" } })).id);

    expect(await call(LEAD, "POST", "/v1/members", { email: DESIGNER, role: "admin" })).toMatchObject({ status: 409, body: { detail: expect.stringContaining("is a member already") } });
    expect(await call(LEAD, "POST", "/v1/members", { email: "nobody@example.test", role: "member" })).toMatchObject({ status: 404, body: { detail: expect.stringContaining("no account with the e-mail nobody@example.test") } });
    const bad = await call(LEAD, "POST", "/v1/members", { email: "not-an-address", role: "owner" });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(["json.email", "json.role"]);
  });

  test("the tenant keeps an admin: two admins demoting each other at once leave exactly one", async () => {
    expect(await call(LEAD, "PATCH", `/v1/members/${await userId("admin@agency.test")}`, { role: "member" })).toMatchObject({ status: 200, body: { role: "member" } });
    expect(await call(LEAD, "PATCH", `/v1/members/${await userId(LEAD)}`, { role: "member" })).toMatchObject({ status: 409, body: { detail: expect.stringContaining("last admin") } });
    expect((await call(LEAD, "DELETE", `/v1/members/${await userId(LEAD)}`)).status).toBe(409);

    expect((await call(LEAD, "PATCH", `/v1/members/${await userId(DESIGNER)}`, { role: "admin" })).status).toBe(200);
    const [leadDemotes, designerDemotes] = await Promise.all([
      call(LEAD, "PATCH", `/v1/members/${await userId(DESIGNER)}`, { role: "member" }),
      call(DESIGNER, "PATCH", `/v1/members/${await userId(LEAD)}`, { role: "member" }),
    ]);
    // The other is refused: 409 when it was let in before the first one committed, else 403.
    const statuses = [leadDemotes.status, designerDemotes.status].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await api.scratch.prisma.membership.count({ where: { tenant: { slug: "copperleaf" }, role: "admin" } });
    expect(admins).toBe(1);
    // Whoever is left an admin makes the other one again, for the tests below.
    const remaining = leadDemotes.status === 200 ? LEAD : DESIGNER;
    const other = remaining === LEAD ? DESIGNER : LEAD;
    expect((await call(remaining, "PATCH", `/v1/members/${await userId(other)}`, { role: "admin" })).status).toBe(200);
  });

  test("a removed member's sessions and API tokens lose the tenant at once; another tenant's member is not found", async () => {
    const copperleaf = await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "copperleaf" } });
    const token = await call(DESIGNER, "POST", "/v1/account/tokens", { name: "ci", scope: { type: "tenant", tenantId: copperleaf.id }, expiresInDays: 7 });
    expect(token.status).toBe(201);
    expect(await withToken(String(token.body.secret), "/v1/templates?limit=1")).toBe(200);

    const removed = await call(LEAD, "DELETE", `/v1/members/${await userId(DESIGNER)}`);
    expect(removed).toMatchObject({ status: 200, body: { removed: { email: DESIGNER } } });
    expect(await withToken(String(token.body.secret), "/v1/templates?limit=1")).toBe(403);
    expect(await tenantNames(DESIGNER)).toEqual(["Bluefin Digital"]);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "membership.remove", target: `user:${await userId(DESIGNER)}` } })).toBe(1);

    expect((await call(LEAD, "DELETE", `/v1/members/${await userId(DESIGNER)}`)).status).toBe(404);
    expect((await call(LEAD, "PATCH", `/v1/members/${await userId(DESIGNER)}`, { role: "admin" })).status).toBe(404);
  });
});
