import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

type Template = { id: string; name: string; description: string; categorySlug: string; popularityScore: number; createdAt: string };
type TemplatePage = { items: Template[]; nextCursor: string | null };
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

let api: InProcessApp;
let northwindId: string;

beforeAll(async () => {
  api = await startInProcessApp("templates_api");
  northwindId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } })).id;
});

afterAll(async () => api?.close());

const MEMBER = "member@agency.test";
const ADMIN = "admin@agency.test";

/** A request as `email` working in Northwind; `null` sends no session at all. */
async function call<T = unknown>(email: string | null, method: string, path: string, body?: unknown) {
  const cookie = email ? `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${northwindId}` : "";
  const response = await api.app.request(path, {
    method,
    headers: { ...(cookie ? { cookie } : {}), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

async function listAll(query: string): Promise<Template[]> {
  const seen: Template[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: { status: number; body: TemplatePage } = await call<TemplatePage>(MEMBER, "GET", `/api/v1/templates?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.status).toBe(200);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("pagination did not end");
}

function expectPopularityOrder(templates: Template[]): void {
  const keys = templates.map((template) => [template.popularityScore, template.createdAt, template.id] as const);
  for (let index = 1; index < keys.length; index++) {
    const [score, createdAt, id] = keys[index]!;
    const [previousScore, previousCreatedAt, previousId] = keys[index - 1]!;
    const ordered = previousScore > score || (previousScore === score && (previousCreatedAt > createdAt || (previousCreatedAt === createdAt && previousId > id)));
    expect(ordered, `position ${index} is out of order`).toBe(true);
  }
}

const auditEntries = (action: string) => api.scratch.prisma.auditEntry.findMany({ where: { action }, orderBy: { at: "asc" } });

describe("GET /api/v1/template-categories and GET /api/v1/templates", () => {
  test("the seeded library has eight categories whose counts add up to every template of the tenant", async () => {
    const response = await call<{ items: { slug: string; name: string; templateCount: number }[] }>(MEMBER, "GET", "/api/v1/template-categories");

    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThanOrEqual(8);
    const total = await api.scratch.prisma.template.count({ where: { tenantId: northwindId } });
    expect(total).toBeGreaterThanOrEqual(300);
    expect(response.body.items.reduce((sum, category) => sum + category.templateCount, 0)).toBe(total);
  });

  test("a category pages through every template once, most popular first", async () => {
    const listed = await listAll("category=email&limit=7");

    const stored = await api.scratch.prisma.template.count({ where: { tenantId: northwindId, category: { slug: "email" } } });
    expect(listed).toHaveLength(stored);
    expect(new Set(listed.map((template) => template.id)).size).toBe(stored);
    expect(listed.every((template) => template.categorySlug === "email")).toBe(true);
    expectPopularityOrder(listed);
  });

  test("without a category every category is listed in one popularity order", async () => {
    const listed = await listAll("limit=100");

    expect(listed).toHaveLength(await api.scratch.prisma.template.count({ where: { tenantId: northwindId } }));
    expect(new Set(listed.map((template) => template.categorySlug)).size).toBeGreaterThanOrEqual(8);
    expectPopularityOrder(listed);
  });

  test("q matches names containing the text in any letter case, and LIKE wildcards only literally", async () => {
    const found = await listAll("q=LAUNCH&limit=5");
    const expected = await api.scratch.prisma.template.count({ where: { tenantId: northwindId, name: { contains: "launch", mode: "insensitive" } } });

    expect(expected).toBeGreaterThan(0);
    expect(found).toHaveLength(expected);
    expect(found.every((template) => template.name.toLowerCase().includes("launch"))).toBe(true);
    expectPopularityOrder(found);
    expect((await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?q=%25")).body.items).toEqual([]);
    expect((await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?q=_")).body.items).toEqual([]);
  });

  test("q within a category narrows to that category", async () => {
    const found = await listAll("category=landing-pages&q=minimal");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((template) => template.categorySlug === "landing-pages" && template.name.toLowerCase().includes("minimal"))).toBe(true);
  });

  test("no session is 401; a bad slug, cursor or limit is 400 naming the field; an unknown category 404", async () => {
    expect((await call(null, "GET", "/api/v1/templates?category=email")).status).toBe(401);

    const badSlug = await call<Problem>(MEMBER, "GET", "/api/v1/templates?category=Email!");
    expect(badSlug.status).toBe(400);
    expect(badSlug.body.errors?.map((error) => error.path)).toEqual(["query.category"]);
    const badCursor = await call<Problem>(MEMBER, "GET", "/api/v1/templates?category=email&cursor=bm90LWEtY3Vyc29y");
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors?.[0]?.path).toBe("query.cursor");
    const badLimit = await call<Problem>(MEMBER, "GET", "/api/v1/templates?limit=101");
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors?.[0]?.path).toBe("query.limit");
    const unknown = await call<Problem>(MEMBER, "GET", "/api/v1/templates?category=no-such-category");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("GET /api/v1/templates/{id}", () => {
  test("returns the template; an unknown id is 404 and a malformed one 400", async () => {
    const stored = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId }, include: { category: true } });

    const found = await call<Template>(MEMBER, "GET", `/api/v1/templates/${stored.id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: stored.id, name: stored.name, categorySlug: stored.category.slug });
    expect((await call(MEMBER, "GET", "/api/v1/templates/6d0c9a52-5f1e-4a4b-9a55-8f3b2f1d0e77")).status).toBe(404);
    const malformed = await call<Problem>(MEMBER, "GET", "/api/v1/templates/not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.[0]?.path).toBe("param.id");
  });
});

describe("POST /api/v1/templates", () => {
  test("a member is refused (403) and nothing is written, even one holding a platform role", async () => {
    const before = await api.scratch.prisma.template.count();
    // sre@ is a platform sre and a plain member of Northwind: the platform role adds nothing here.
    for (const email of [MEMBER, "sre@agency.test"]) {
      const response = await call<Problem>(email, "POST", "/api/v1/templates", { categorySlug: "email", name: "Member's own" });
      expect(response.status, email).toBe(403);
    }

    expect(await api.scratch.prisma.template.count()).toBe(before);
  });

  test("an admin adds a template: 201, one audit entry, and the cached category page shows it at once", async () => {
    const cachedFirstPage = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=reports&limit=5");
    const response = await call<Template>(ADMIN, "POST", "/api/v1/templates", { categorySlug: "reports", name: "Board pack", description: "Quarterly board pack", popularityScore: 9.99 });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: "Board pack", categorySlug: "reports", popularityScore: 9.99 });
    const [entry] = await auditEntries("template.create");
    expect(entry).toMatchObject({ actorEmail: ADMIN, tenantId: northwindId, target: `template:${response.body.id}`, before: null, requestId: response.headers.get("x-request-id") });
    expect(entry!.after).toMatchObject({ name: "Board pack", categorySlug: "reports" });
    const firstPage = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=reports&limit=5");
    expect(firstPage.body.items[0]!.id).toBe(response.body.id);
    expect(firstPage.body.items).not.toEqual(cachedFirstPage.body.items);
    const everything = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?limit=5");
    expect(everything.body.items.map((template) => template.id)).toContain(response.body.id);
  });

  test("bad input is 400 naming the field, an unknown category 422, a duplicate name 409, and nothing half-written", async () => {
    const before = await api.scratch.prisma.template.count();

    const noName = await call<Problem>(ADMIN, "POST", "/api/v1/templates", { categorySlug: "email", name: "   " });
    expect(noName.status).toBe(400);
    expect(noName.body.errors?.map((error) => error.path)).toEqual(["json.name"]);
    const tooPopular = await call<Problem>(ADMIN, "POST", "/api/v1/templates", { categorySlug: "email", name: "Too popular", popularityScore: 11 });
    expect(tooPopular.body.errors?.map((error) => error.path)).toEqual(["json.popularityScore"]);
    const extra = await call<Problem>(ADMIN, "POST", "/api/v1/templates", { categorySlug: "email", name: "Mine", tenantId: "6d0c9a52-5f1e-4a4b-9a55-8f3b2f1d0e77" });
    expect(extra.status).toBe(400);
    const unknownCategory = await call<Problem>(ADMIN, "POST", "/api/v1/templates", { categorySlug: "nowhere", name: "Lost" });
    expect(unknownCategory.status).toBe(422);
    expect(unknownCategory.body.errors?.map((error) => error.path)).toEqual(["json.categorySlug"]);
    const duplicate = await call<Problem>(ADMIN, "POST", "/api/v1/templates", { categorySlug: "landing-pages", name: "SaaS launch" });
    expect(duplicate.status).toBe(409);
    expect(await api.scratch.prisma.template.count()).toBe(before);
  });
});

describe("PATCH /api/v1/templates/{id}", () => {
  test("moving a template invalidates both categories and the template, but not an unrelated category", async () => {
    const moving = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "social" } }, orderBy: { popularityScore: "desc" } });
    const bystander = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "blog" } }, orderBy: [{ popularityScore: "desc" }, { createdAt: "desc" }, { id: "desc" }] });
    // Fill the cache: both categories, the unrelated one, and the template itself.
    await call(MEMBER, "GET", "/api/v1/templates?category=social&limit=100");
    await call(MEMBER, "GET", "/api/v1/templates?category=proposals&limit=100");
    expect((await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=blog&limit=3")).body.items[0]!.name).toBe(bystander.name);
    await call(MEMBER, "GET", `/api/v1/templates/${moving.id}`);
    // Changed behind the API's back: only a refill from the database would show it.
    await api.scratch.prisma.template.update({ where: { id: bystander.id }, data: { name: `${bystander.name} (renamed directly)` } });

    const response = await call<Template>(ADMIN, "PATCH", `/api/v1/templates/${moving.id}`, { categorySlug: "proposals", name: "Moved and renamed" });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: moving.id, categorySlug: "proposals", name: "Moved and renamed" });
    const social = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=social&limit=100");
    expect(social.body.items.map((template) => template.id)).not.toContain(moving.id);
    const proposals = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=proposals&limit=100");
    expect(proposals.body.items.find((template) => template.id === moving.id)?.name).toBe("Moved and renamed");
    expect((await call<Template>(MEMBER, "GET", `/api/v1/templates/${moving.id}`)).body.name).toBe("Moved and renamed");
    // The unrelated category's page was not invalidated: it still serves the cached name.
    expect((await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=blog&limit=3")).body.items[0]!.name).toBe(bystander.name);

    const [entry] = await auditEntries("template.update");
    expect(entry).toMatchObject({ target: `template:${moving.id}`, before: { categorySlug: "social", name: moving.name }, after: { categorySlug: "proposals", name: "Moved and renamed" } });
  });

  test("an empty change is 400, a member 403, an unchanged save writes no audit entry", async () => {
    const template = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "ads" } } });
    const auditsBefore = (await auditEntries("template.update")).length;

    expect((await call<Problem>(ADMIN, "PATCH", `/api/v1/templates/${template.id}`, {})).status).toBe(400);
    expect((await call(MEMBER, "PATCH", `/api/v1/templates/${template.id}`, { name: "Nope" })).status).toBe(403);
    expect((await call(ADMIN, "PATCH", `/api/v1/templates/${template.id}`, { name: template.name })).status).toBe(200);
    expect(await auditEntries("template.update")).toHaveLength(auditsBefore);
  });
});

describe("DELETE /api/v1/templates/{id}", () => {
  test("an admin deletes a template: audited, gone from its cached category page and by id", async () => {
    const doomed = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "presentations" } } });
    await call(MEMBER, "GET", "/api/v1/templates?category=presentations&limit=100");
    await call(MEMBER, "GET", `/api/v1/templates/${doomed.id}`);

    const response = await call<{ deleted: Template }>(ADMIN, "DELETE", `/api/v1/templates/${doomed.id}`);

    expect(response.status).toBe(200);
    expect(response.body.deleted.id).toBe(doomed.id);
    expect((await call(MEMBER, "GET", `/api/v1/templates/${doomed.id}`)).status).toBe(404);
    const page = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=presentations&limit=100");
    expect(page.body.items.map((template) => template.id)).not.toContain(doomed.id);
    expect(await auditEntries("template.delete")).toEqual([expect.objectContaining({ target: `template:${doomed.id}`, after: null })]);
    expect((await call(ADMIN, "DELETE", `/api/v1/templates/${doomed.id}`)).status).toBe(404);
  });
});

describe("POST /api/v1/templates/{id}/popularity", () => {
  test("a member's use raises the score towards 10 without an audit entry, and the cached page shows the new score", async () => {
    const template = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "email" } }, orderBy: { popularityScore: "asc" } });
    await call(MEMBER, "GET", "/api/v1/templates?category=email&limit=100");

    const used = await call<Template>(MEMBER, "POST", `/api/v1/templates/${template.id}/popularity`, { kind: "use" });

    expect(used.status).toBe(200);
    expect(used.body.popularityScore).toBeCloseTo(template.popularityScore + (10 - template.popularityScore) * 0.02, 9);
    const page = await call<TemplatePage>(MEMBER, "GET", "/api/v1/templates?category=email&limit=100");
    expect(page.body.items.find((item) => item.id === template.id)?.popularityScore).toBe(used.body.popularityScore);
    expect(await auditEntries("template.popularity")).toEqual([]);
  });

  test("concurrent uses are all counted", async () => {
    const template = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "social" } }, orderBy: { popularityScore: "asc" } });

    await Promise.all(Array.from({ length: 10 }, () => call(MEMBER, "POST", `/api/v1/templates/${template.id}/popularity`, { kind: "use" })));

    const after = await api.scratch.prisma.template.findUniqueOrThrow({ where: { id: template.id } });
    expect(after.popularityScore).toBeCloseTo(10 - (10 - template.popularityScore) * 0.98 ** 10, 9);
  });

  test("setting a score is for admins and audited; bad bodies are 400 naming the field", async () => {
    const template = await api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId: northwindId, category: { slug: "blog" } } });

    expect((await call(MEMBER, "POST", `/api/v1/templates/${template.id}/popularity`, { kind: "set", score: 9 })).status).toBe(403);
    const set = await call<Template>(ADMIN, "POST", `/api/v1/templates/${template.id}/popularity`, { kind: "set", score: 9.5 });
    expect(set.status).toBe(200);
    expect(set.body.popularityScore).toBe(9.5);
    expect(await auditEntries("template.popularity")).toEqual([
      expect.objectContaining({ target: `template:${template.id}`, before: { popularityScore: template.popularityScore }, after: { popularityScore: 9.5 } }),
    ]);

    for (const body of [{ kind: "set" }, { kind: "set", score: 10.5 }, { kind: "use", score: 3 }]) {
      const refused = await call<Problem>(ADMIN, "POST", `/api/v1/templates/${template.id}/popularity`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.errors?.map((error) => error.path)).toEqual(["json.score"]);
    }
    expect((await call<Problem>(ADMIN, "POST", `/api/v1/templates/${template.id}/popularity`, { kind: "like" })).body.errors?.[0]?.path).toBe("json.kind");
  });
});
