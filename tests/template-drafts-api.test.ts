import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

type Draft = { id: string; name: string; templateId: string | null; content: { summary: string; categorySlug: string; style: string; sections: { heading: string; body: string }[] }; createdBy: { id: string; name: string }; createdAt: string; updatedAt: string };
type DraftPage = { items: Draft[]; nextCursor: string | null };
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

let api: InProcessApp;
let northwindId: string;
let bluefinId: string;

beforeAll(async () => {
  api = await startInProcessApp("template_drafts_api");
  northwindId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } })).id;
  bluefinId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "bluefin" } })).id;
});

afterAll(async () => api?.close());

const MEMBER = "member@agency.test"; // a member of Northwind
const BLUEFIN_MEMBER = "designer@bluefin.test";

async function call<T = unknown>(email: string, tenantId: string, method: string, path: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${tenantId}`, origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function someTemplate(tenantId: string, categorySlug = "email") {
  return api.scratch.prisma.template.findFirstOrThrow({ where: { tenantId, category: { slug: categorySlug }, name: { contains: " · Bold" } }, orderBy: { id: "asc" }, select: { id: true, name: true, description: true, popularityScore: true } });
}

describe("POST /api/v1/template-drafts (Use template)", () => {
  test("a member gets a draft copied from the template, the use is counted and audited in one go", async () => {
    const template = await someTemplate(northwindId);

    const created = await call<Draft>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: template.id });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: template.name, templateId: template.id, createdBy: { name: "Mia Chen" } });
    expect(created.body.content).toMatchObject({ summary: template.description, categorySlug: "email", style: "bold" });
    expect(created.body.content.sections.map((section) => section.heading)).toContain("Subject line");
    const after = await api.scratch.prisma.template.findUniqueOrThrow({ where: { id: template.id }, select: { popularityScore: true } });
    expect(after.popularityScore).toBeCloseTo(template.popularityScore + (10 - template.popularityScore) * 0.02, 9);
    const audit = await api.scratch.prisma.auditEntry.findMany({ where: { action: "template_draft.create", target: `template_draft:${created.body.id}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ tenantId: northwindId, actorEmail: MEMBER, after: { name: template.name, templateId: template.id } });
  });

  test("the same idempotency key twice (a double click) makes one draft and counts one use", async () => {
    const template = await someTemplate(northwindId, "blog");
    const idempotencyKey = randomUUID();

    const [first, second] = await Promise.all([
      call<Draft>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: template.id, idempotencyKey }),
      call<Draft>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: template.id, idempotencyKey }),
    ]);
    const third = await call<Draft>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: template.id, idempotencyKey });

    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(new Set([first.body.id, second.body.id, third.body.id]).size).toBe(1);
    expect(await api.scratch.prisma.templateDraft.count({ where: { templateId: template.id } })).toBe(1);
    const after = await api.scratch.prisma.template.findUniqueOrThrow({ where: { id: template.id }, select: { popularityScore: true } });
    expect(after.popularityScore).toBeCloseTo(template.popularityScore + (10 - template.popularityScore) * 0.02, 9);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "template_draft.create", target: `template_draft:${first.body.id}` } })).toBe(1);
  });

  test("another tenant's template is not found, and nothing is created or counted", async () => {
    const foreign = await someTemplate(bluefinId, "ads");
    const draftsBefore = await api.scratch.prisma.templateDraft.count();

    const refused = await call<Problem>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: foreign.id });

    expect(refused.status).toBe(404);
    expect(await api.scratch.prisma.templateDraft.count()).toBe(draftsBefore);
    const after = await api.scratch.prisma.template.findUniqueOrThrow({ where: { id: foreign.id }, select: { popularityScore: true } });
    expect(after.popularityScore).toBe(foreign.popularityScore);
  });

  test("a malformed template id is a 400 naming the field in plain words", async () => {
    const refused = await call<Problem>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: "nope" });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ message: "Choose a template to start from" }));
  });
});

describe("GET and PATCH /api/v1/template-drafts", () => {
  test("the library lists the tenant's drafts newest first, page by page, and only its own", async () => {
    const templates = await api.scratch.prisma.template.findMany({ where: { tenantId: bluefinId }, take: 3, orderBy: { id: "asc" }, select: { id: true } });
    const made: string[] = [];
    for (const template of templates) made.push((await call<Draft>(BLUEFIN_MEMBER, bluefinId, "POST", "/api/v1/template-drafts", { templateId: template.id })).body.id);

    const first = await call<DraftPage>(BLUEFIN_MEMBER, bluefinId, "GET", "/api/v1/template-drafts?limit=2");
    const second = await call<DraftPage>(BLUEFIN_MEMBER, bluefinId, "GET", `/api/v1/template-drafts?limit=2&cursor=${first.body.nextCursor}`);

    expect(first.status).toBe(200);
    expect([...first.body.items, ...second.body.items].map((draft) => draft.id)).toEqual(made.reverse());
    expect(second.body.nextCursor).toBeNull();
    const northwind = await call<DraftPage>(MEMBER, northwindId, "GET", "/api/v1/template-drafts?limit=100");
    expect(northwind.body.items.some((draft) => made.includes(draft.id))).toBe(false);
  });

  test("a member renames a draft; the change is audited, and the same name again changes nothing", async () => {
    const template = await someTemplate(northwindId, "reports");
    const draft = (await call<Draft>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: template.id })).body;

    const renamed = await call<Draft>(MEMBER, northwindId, "PATCH", `/api/v1/template-drafts/${draft.id}`, { name: "  Acme monthly SEO report  " });
    const again = await call<Draft>(MEMBER, northwindId, "PATCH", `/api/v1/template-drafts/${draft.id}`, { name: "Acme monthly SEO report" });
    const read = await call<Draft>(MEMBER, northwindId, "GET", `/api/v1/template-drafts/${draft.id}`);

    expect(renamed.status).toBe(200);
    expect(read.body.name).toBe("Acme monthly SEO report");
    expect(again.status).toBe(200);
    const audit = await api.scratch.prisma.auditEntry.findMany({ where: { action: "template_draft.rename", target: `template_draft:${draft.id}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { name: template.name }, after: { name: "Acme monthly SEO report" } });
  });

  test("an empty name is refused with a plain message", async () => {
    const template = await someTemplate(northwindId, "social");
    const draft = (await call<Draft>(MEMBER, northwindId, "POST", "/api/v1/template-drafts", { templateId: template.id })).body;

    const refused = await call<Problem>(MEMBER, northwindId, "PATCH", `/api/v1/template-drafts/${draft.id}`, { name: "   " });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ message: "Name is required" }));
  });

  test("another tenant's draft is not found to read or rename, and stays as it was", async () => {
    const template = await someTemplate(bluefinId, "proposals");
    const draft = (await call<Draft>(BLUEFIN_MEMBER, bluefinId, "POST", "/api/v1/template-drafts", { templateId: template.id })).body;

    const read = await call<Problem>(MEMBER, northwindId, "GET", `/api/v1/template-drafts/${draft.id}`);
    const rename = await call<Problem>(MEMBER, northwindId, "PATCH", `/api/v1/template-drafts/${draft.id}`, { name: "Taken over" });

    expect(read.status).toBe(404);
    expect(rename.status).toBe(404);
    expect((await api.scratch.prisma.templateDraft.findUniqueOrThrow({ where: { id: draft.id } })).name).toBe(template.name);
  });
});
