import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/**
 * Every /api/v1 route must have a row here, or this file fails: a new endpoint cannot ship
 * without saying how it keeps tenants apart.
 *
 * - "tenant": the probe asks, as a Northwind user, for something that belongs to Bluefin (a
 *   tenant the caller is not working in). `not-found` expects a 404 problem; `hidden` expects a
 *   success whose body names nothing of Bluefin's; `{ status }` another refusal (e.g. 422 for a
 *   reference in a body that names another tenant's row). Every response is also scanned for every row
 *   id of every Bluefin-owned table (except ids the probe itself sent, which an error may quote),
 *   so any leak fails whatever the route returns.
 * - "user": acts on the caller's own account or session only; the probe must succeed (or fail
 *   for its own reasons) without naming anything of Bluefin's.
 * - "ops": global control-plane routes (platform scope); a tenant member and a tenant admin,
 *   neither holding a platform role, get 403 and no data.
 * - "shared": the same catalog for every tenant, nothing tenant-owned to leak (say why).
 * - "public": no session needed and no tenant data (say why).
 */
type Probe = (harness: Harness) => Promise<Response>;
type Row =
  | { scope: "tenant"; expect: "not-found" | "hidden" | { status: number }; probe: Probe }
  | { scope: "user"; probe: Probe }
  | { scope: "ops" }
  | { scope: "shared"; why: string; probe: Probe }
  | { scope: "public"; why: string };

type Harness = {
  /** A request as `email` working in Northwind (the tenant cookie is pinned). */
  call(email: string, method: string, path: string, body?: unknown): Promise<Response>;
  /** A request as `email` working in the tenant `tenantId` (pinned by the tenant cookie). */
  callIn(tenantId: string, email: string, method: string, path: string, body?: unknown): Promise<Response>;
  /** Ids of Bluefin's rows, for probes that need one: `foreignId("template")`. */
  foreignId(table: string): Promise<string>;
  foreignTenantId: string;
  prisma: PrismaClient;
};

const MEMBER = "member@agency.test";
const ADMIN = "admin@agency.test";
/** Copperleaf's tenant admin: the highest tenant role, and no platform role. */
const TENANT_ADMIN = "lead@copperleaf.test";

/** A draft in Bluefin's library (the seed has none), made once. */
async function bluefinDraftId(h: Harness): Promise<string> {
  const existing = await h.prisma.templateDraft.findFirst({ where: { tenantId: h.foreignTenantId }, select: { id: true } });
  if (existing) return existing.id;
  const template = await h.prisma.template.findFirstOrThrow({ where: { tenantId: h.foreignTenantId }, select: { id: true, name: true } });
  const draft = await h.prisma.templateDraft.create({
    data: { tenantId: h.foreignTenantId, templateId: template.id, name: template.name, content: { summary: "", categorySlug: "email", style: "classic", sections: [] }, createdById: await bluefinOnlyUserId(h) },
    select: { id: true },
  });
  return draft.id;
}

/** A user who belongs to Bluefin only. */
async function bluefinOnlyUserId(h: Harness): Promise<string> {
  return (await h.prisma.user.findUniqueOrThrow({ where: { email: "designer@bluefin.test" }, select: { id: true } })).id;
}

const ROUTES: Record<string, Row> = {
  "GET /v1/openapi.json": { scope: "public", why: "the API description; generated from schemas, holds no data" },

  "GET /v1/me": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/me") },
  "PUT /v1/session/tenant": {
    scope: "tenant",
    expect: "not-found",
    probe: (h) => h.call(MEMBER, "PUT", "/api/v1/session/tenant", { tenantId: h.foreignTenantId }),
  },
  "GET /v1/auth/step-up": { scope: "user", probe: (h) => h.call(MEMBER, "GET", "/api/v1/auth/step-up") },
  "POST /v1/auth/step-up": { scope: "user", probe: (h) => h.call(MEMBER, "POST", "/api/v1/auth/step-up", { password: "not-the-password" }) },
  "GET /v1/templates": {
    scope: "tenant",
    expect: "hidden",
    probe: (h) => h.call(MEMBER, "GET", "/api/v1/templates?category=landing-pages&limit=100"),
  },
  "GET /v1/members": { scope: "tenant", expect: "hidden", probe: (h) => h.call(ADMIN, "GET", "/api/v1/members?limit=200") },
  // Adding goes into the caller's own tenant; someone already in it is a conflict, not a leak.
  "POST /v1/members": { scope: "tenant", expect: { status: 409 }, probe: (h) => h.call(ADMIN, "POST", "/api/v1/members", { email: MEMBER, role: "admin" }) },
  "PATCH /v1/members/{userId}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(ADMIN, "PATCH", `/api/v1/members/${await bluefinOnlyUserId(h)}`, { role: "admin" }) },
  "DELETE /v1/members/{userId}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(ADMIN, "DELETE", `/api/v1/members/${await bluefinOnlyUserId(h)}`) },
  "GET /v1/template-categories": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/template-categories") },
  "GET /v1/templates/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(MEMBER, "GET", `/api/v1/templates/${await h.foreignId("template")}`) },
  "POST /v1/templates": {
    scope: "tenant",
    expect: { status: 422 },
    // A category only Bluefin has: the admin (working in Northwind) cannot file a template in it.
    probe: async (h) => {
      await h.prisma.templateCategory.upsert({ where: { tenantId_slug: { tenantId: h.foreignTenantId, slug: "bluefin-only" } }, create: { tenantId: h.foreignTenantId, slug: "bluefin-only", name: "Bluefin only" }, update: {} });
      return h.call(ADMIN, "POST", "/api/v1/templates", { categorySlug: "bluefin-only", name: "Should not land" });
    },
  },
  "PATCH /v1/templates/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(ADMIN, "PATCH", `/api/v1/templates/${await h.foreignId("template")}`, { name: "Renamed by another tenant" }) },
  "DELETE /v1/templates/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(ADMIN, "DELETE", `/api/v1/templates/${await h.foreignId("template")}`) },
  "POST /v1/templates/{id}/popularity": {
    scope: "tenant",
    expect: "not-found",
    probe: async (h) => h.call(MEMBER, "POST", `/api/v1/templates/${await h.foreignId("template")}/popularity`, { kind: "use" }),
  },
  "GET /v1/marketplace/items": { scope: "shared", why: "one catalog for every tenant; no tenant column", probe: (h) => h.call(MEMBER, "GET", "/api/v1/marketplace/items?limit=100") },
  "GET /v1/marketplace/items/{id}": {
    scope: "shared",
    why: "one catalog for every tenant; no tenant column",
    probe: async (h) => h.call(MEMBER, "GET", `/api/v1/marketplace/items/${(await h.prisma.marketplaceItem.findFirstOrThrow({ select: { id: true } })).id}`),
  },
  "POST /v1/template-drafts": {
    scope: "tenant",
    expect: "not-found",
    probe: async (h) => h.call(MEMBER, "POST", "/api/v1/template-drafts", { templateId: await h.foreignId("template") }),
  },
  "GET /v1/template-drafts": { scope: "tenant", expect: "hidden", probe: async (h) => (await bluefinDraftId(h), h.call(MEMBER, "GET", "/api/v1/template-drafts?limit=100")) },
  "GET /v1/template-drafts/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(MEMBER, "GET", `/api/v1/template-drafts/${await bluefinDraftId(h)}`) },
  "PATCH /v1/template-drafts/{id}": {
    scope: "tenant",
    expect: "not-found",
    probe: async (h) => h.call(MEMBER, "PATCH", `/api/v1/template-drafts/${await bluefinDraftId(h)}`, { name: "Renamed by another tenant" }),
  },
  "POST /v1/marketplace/items/{id}/installs": {
    scope: "tenant",
    expect: "hidden",
    // The shared catalog's item goes into the caller's own tenant; the answer names its modules only.
    probe: async (h) => h.call(MEMBER, "POST", `/api/v1/marketplace/items/${(await h.prisma.marketplaceItem.findFirstOrThrow({ where: { priceCents: 0, moduleKey: { not: null } }, orderBy: { slug: "asc" }, select: { id: true } })).id}/installs`, {}),
  },
  "GET /v1/workflow-executions": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/workflow-executions?limit=100") },
  "GET /v1/workflow-executions/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(MEMBER, "GET", `/api/v1/workflow-executions/${await h.foreignId("workflow_execution")}`) },
  "POST /v1/workflow-executions/{id}/cancel": {
    scope: "tenant",
    expect: "not-found",
    probe: async (h) => h.call(MEMBER, "POST", `/api/v1/workflow-executions/${await h.foreignId("workflow_execution")}/cancel`),
  },
  "GET /v1/workflows": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/workflows?limit=100") },
  "POST /v1/workflows": {
    scope: "tenant",
    expect: "hidden",
    // The tenant comes from the session; nothing in the body can place it elsewhere.
    probe: (h) => h.call(ADMIN, "POST", "/api/v1/workflows", { name: "Isolation probe", steps: [{ id: "wait", type: "delay", config: { ms: 1 } }] }),
  },
  "GET /v1/workflows/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(MEMBER, "GET", `/api/v1/workflows/${await h.foreignId("workflow")}`) },
  "PUT /v1/workflows/{id}": {
    scope: "tenant",
    expect: "not-found",
    probe: async (h) => h.call(ADMIN, "PUT", `/api/v1/workflows/${await h.foreignId("workflow")}`, { name: "Overwritten by another tenant", steps: [{ id: "wait", type: "delay", config: { ms: 1 } }] }),
  },
  "DELETE /v1/workflows/{id}": { scope: "tenant", expect: "not-found", probe: async (h) => h.call(ADMIN, "DELETE", `/api/v1/workflows/${await h.foreignId("workflow")}`) },
  "POST /v1/workflows/{id}/executions": {
    scope: "tenant",
    expect: "not-found",
    probe: async (h) => h.call(MEMBER, "POST", `/api/v1/workflows/${await h.foreignId("workflow")}/executions`, {}),
  },
  // Aggregates only; tests/dashboard-stats.test.ts proves another tenant's runs are not counted.
  "GET /v1/dashboard/stats": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/dashboard/stats") },
  "GET /v1/dashboard/active-users": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/dashboard/active-users") },
  "GET /v1/modules": {
    scope: "shared",
    why: "the module registry: modules, versions and requirements, the same for every tenant",
    probe: (h) => h.call(MEMBER, "GET", "/api/v1/modules?limit=200"),
  },
  "GET /v1/modules/{key}/resolution": {
    scope: "tenant",
    expect: "hidden",
    // The preview reports the caller's own state of each module, never Bluefin's.
    probe: async (h) => h.call(MEMBER, "GET", `/api/v1/modules/${await bluefinOnlyModuleKey(h)}/resolution`),
  },
  "GET /v1/tenant-modules": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/tenant-modules?limit=200") },
  "GET /v1/audit": {
    scope: "tenant",
    expect: "hidden",
    // Every tenant and the platform have entries (seeded below); Northwind's admin sees Northwind's only.
    probe: (h) => h.call(ADMIN, "GET", "/api/v1/audit?limit=200"),
  },
  "DELETE /v1/tenant-modules/{key}": {
    scope: "tenant",
    expect: "not-found",
    // A module only Bluefin runs: deactivating it here must not touch Bluefin's activation.
    probe: async (h) => h.call(ADMIN, "DELETE", `/api/v1/tenant-modules/${await bluefinOnlyModuleKey(h)}?cascade=true`),
  },
  "POST /v1/modules/activations": {
    scope: "tenant",
    expect: "hidden",
    // Modules are a shared catalog; activating one that Bluefin runs must answer with the
    // caller's activation rows only, never Bluefin's.
    probe: async (h) => {
      const bluefinActivation = await h.prisma.tenantModule.findUniqueOrThrow({ where: { id: await h.foreignId("tenant_module") }, select: { module: { select: { key: true } } } });
      return h.call(ADMIN, "POST", "/api/v1/modules/activations", { modules: [bluefinActivation.module.key] });
    },
  },

  "GET /v1/ops/signals": { scope: "ops" },
  "GET /v1/ops/database": { scope: "ops" },
  "DELETE /v1/ops/alerting/silences/{id}": { scope: "ops" },
  "DELETE /v1/ops/notification-webhooks/{id}": { scope: "ops" },
  "DELETE /v1/ops/workflows/pauses/{id}": { scope: "ops" },
  "GET /v1/ops/alerting/silences": { scope: "ops" },
  "GET /v1/ops/egress/denied-hosts": { scope: "ops" },
  "GET /v1/ops/notification-deliveries/dead": { scope: "ops" },
  "GET /v1/ops/notification-webhooks": { scope: "ops" },
  "GET /v1/ops/notifications": { scope: "ops" },
  "GET /v1/ops/notifications/unread": { scope: "ops" },
  "GET /v1/ops/rules/export": { scope: "ops" },
  "GET /v1/ops/workflows/tenants": { scope: "ops" },
  "POST /v1/ops/alerting/silences": { scope: "ops" },
  "POST /v1/ops/notification-deliveries/{id}/retry": { scope: "ops" },
  "POST /v1/ops/notification-webhooks": { scope: "ops" },
  "POST /v1/ops/notification-webhooks/{id}/test": { scope: "ops" },
  "POST /v1/ops/workflows/pauses": { scope: "ops" },
  "PUT /v1/ops/egress/denied-hosts": { scope: "ops" },
  // The allow-list is the caller's tenant's own; an empty list (any public host) leaves other probes unaffected.
  "GET /v1/workflow-egress/allowed-hosts": { scope: "tenant", expect: "hidden", probe: (h) => h.call(MEMBER, "GET", "/api/v1/workflow-egress/allowed-hosts") },
  "PUT /v1/workflow-egress/allowed-hosts": { scope: "tenant", expect: "hidden", probe: (h) => h.call(ADMIN, "PUT", "/api/v1/workflow-egress/allowed-hosts", { hosts: [] }) },
  // Notifications are per user: marking read acts on the caller's own rows only.
  "POST /v1/account/notifications/read-all": { scope: "user", probe: (h) => h.call(ADMIN, "POST", "/api/v1/account/notifications/read-all", {}) },
  "POST /v1/account/notifications/{id}/read": { scope: "user", probe: (h) => h.call(ADMIN, "POST", "/api/v1/account/notifications/00000000-0000-4000-8000-000000000000/read", {}) },
  "GET /v1/ops/workflows/dead-letter/{id}": { scope: "ops" },
  "GET /v1/ops/thresholds": { scope: "ops" },
  "GET /v1/ops/instances": { scope: "ops" },
  "GET /v1/ops/workflow-workers": { scope: "ops" },
  "PUT /v1/ops/instances": { scope: "ops" },
  "GET /v1/ops/annotations": { scope: "ops" },
  "GET /v1/ops/cache": { scope: "ops" },
  "POST /v1/ops/cache/invalidations/preview": { scope: "ops" },
  "POST /v1/ops/cache/invalidations": { scope: "ops" },
  "POST /v1/ops/cache/warm": { scope: "ops" },
  "GET /v1/ops/diagnostics": { scope: "ops" },
  "POST /v1/ops/diagnostics/blockers/{pid}/preview": { scope: "ops" },
  "POST /v1/ops/diagnostics/blockers/{pid}/actions": { scope: "ops" },
  "GET /v1/ops/diagnostics/heap-snapshots": { scope: "ops" },
  "POST /v1/ops/diagnostics/heap-snapshots": { scope: "ops" },
  "GET /v1/ops/diagnostics/heap-snapshots/{id}": { scope: "ops" },
  "GET /v1/ops/rules": { scope: "ops" },
  "PUT /v1/ops/rules/{id}": { scope: "ops" },
  "GET /v1/ops/rules/{id}/history": { scope: "ops" },
  "GET /v1/ops/sizing": { scope: "ops" },
  "GET /v1/ops/sizing/live": { scope: "ops" },
  "GET /v1/ops/exports/nginx": { scope: "ops" },
  "GET /v1/ops/exports/postgresql": { scope: "ops" },
  "GET /v1/ops/exports/kubernetes": { scope: "ops" },
  "GET /v1/ops/exports/hpa": { scope: "ops" },
  "GET /v1/ops/autoscaling/policy": { scope: "ops" },
  "PUT /v1/ops/autoscaling/policy": { scope: "ops" },
  "GET /v1/ops/autoscaling/history": { scope: "ops" },
  "POST /v1/ops/autoscaling/pause": { scope: "ops" },
  "DELETE /v1/ops/autoscaling/pause": { scope: "ops" },
  "GET /v1/ops/emergency/procedures": { scope: "ops" },
  "POST /v1/ops/emergency/{id}/preview": { scope: "ops" },
  "POST /v1/ops/emergency/{id}/runs": { scope: "ops" },
  "POST /v1/ops/emergency/runs/{runId}/approve": { scope: "ops" },
  "POST /v1/ops/emergency/runs/{runId}/cancel": { scope: "ops" },
  "GET /v1/ops/emergency/runs/{runId}": { scope: "ops" },
  "GET /v1/ops/emergency/runs": { scope: "ops" },
  "GET /v1/ops/emergency/overrides": { scope: "ops" },
  "POST /v1/ops/emergency/overrides/{overrideId}/end": { scope: "ops" },
  "GET /v1/ops/audit": { scope: "ops" },
  "GET /v1/ops/audit/verify": { scope: "ops" },
  "GET /v1/ops/audit/export.csv": { scope: "ops" },
  "GET /v1/ops/audit/head": { scope: "ops" },
  "GET /v1/ops/platform-roles": { scope: "ops" },
  "PUT /v1/ops/platform-roles": { scope: "ops" },
  "GET /v1/ops/users/{userId}/sessions": { scope: "ops" },
  "DELETE /v1/ops/users/{userId}/sessions": { scope: "ops" },
  "GET /v1/ops/users/{userId}/api-tokens": { scope: "ops" },
  "DELETE /v1/ops/users/{userId}/api-tokens/{id}": { scope: "ops" },
  "GET /v1/account/tokens": { scope: "user", probe: (h) => h.call(MEMBER, "GET", "/api/v1/account/tokens") },
  "POST /v1/account/tokens": {
    scope: "tenant",
    expect: "not-found",
    probe: (h) => h.call(MEMBER, "POST", "/api/v1/account/tokens", { name: "ci", scope: { type: "tenant", tenantId: h.foreignTenantId }, expiresInDays: 7 }),
  },
  // Only the caller's own tokens: any other id, whoever owns it, is not found.
  "DELETE /v1/account/tokens/{id}": { scope: "user", probe: (h) => h.call(MEMBER, "DELETE", "/api/v1/account/tokens/00000000-0000-4000-8000-000000000000") },
  "GET /v1/ops/scaling-events": { scope: "ops" },
  "POST /v1/ops/scaling-events": { scope: "ops" },
  "GET /v1/ops/scaling-events/{id}": { scope: "ops" },
  "GET /v1/ops/scaling-events/{id}/export.md": { scope: "ops" },
  "PUT /v1/ops/checklist-runs/{runId}/items/{key}": { scope: "ops" },
  "POST /v1/ops/checklist-runs/{runId}/items/{key}/verify": { scope: "ops" },
  "POST /v1/ops/checklist-runs/{runId}/sign-off": { scope: "ops" },
  "POST /v1/ops/checklist-runs/{runId}/reopen": { scope: "ops" },
  "POST /v1/ops/drills": { scope: "ops" },
  "POST /v1/ops/load-tests": { scope: "ops" },
  "GET /v1/ops/emergency/dependencies": { scope: "ops" },
  "GET /v1/ops/workflows/summary": { scope: "ops" },
  "GET /v1/ops/workflows/dead-letter": { scope: "ops" },
  "POST /v1/ops/workflow-executions/{id}/retry": { scope: "ops" },
  "POST /v1/ops/workflows/dead-letter/retry": { scope: "ops" },
  "GET /v1/circuit-breaker": { scope: "shared", why: "the circuit breaker is global operating state; it names scopes and an owner email, nothing a tenant owns", probe: (h) => h.call(MEMBER, "GET", "/api/v1/circuit-breaker") },
  "GET /v1/database-status": { scope: "shared", why: "whether this instance reaches the database primary: one boolean, the same for every tenant", probe: (h) => h.call(MEMBER, "GET", "/api/v1/database-status") },
};

/** One audit entry per tenant and one of the platform's, each with a target naming its owner. */
async function seedAuditTrail(prisma: PrismaClient): Promise<typeof auditEntryIds> {
  const owners = [...(Object.entries(tenantIds) as [keyof typeof tenantIds, string][]), ["platform", null] as const];
  const ids: Partial<typeof auditEntryIds> = {};
  for (const [owner, tenantId] of owners) {
    const entry = await prisma.auditEntry.create({
      data: { actorUserId: `u-${owner}`, actorEmail: `someone@${owner}.test`, tenantId, action: "template.update", target: `isolation-probe:${owner}`, after: { owner }, requestId: `isolation-${owner}` },
    });
    ids[owner] = entry.id;
  }
  return ids as typeof auditEntryIds;
}

/** A module Bluefin runs and no other tenant has activated (the seed gives each its own). */
async function bluefinOnlyModuleKey(h: Harness): Promise<string> {
  const rows = await h.prisma.tenantModule.findMany({ select: { tenantId: true, module: { select: { key: true } } }, orderBy: { module: { key: "desc" } } });
  const othersKeys = new Set(rows.filter((row) => row.tenantId !== h.foreignTenantId).map((row) => row.module.key));
  const key = rows.find((row) => row.tenantId === h.foreignTenantId && !othersKeys.has(row.module.key))?.module.key;
  if (!key) throw new Error("the seed gives Bluefin no module of its own to probe with");
  return key;
}

let api: InProcessApp;
let harness: Harness;
let tenantIds: Record<"northwind" | "bluefin" | "copperleaf", string>;
/** One audit entry of each tenant and one of the platform (no tenant), by owner. */
let auditEntryIds: Record<"northwind" | "bluefin" | "copperleaf" | "platform", string>;
/** Every id of every row Bluefin owns (tables with a "tenantId" column), to scan bodies for. */
let foreignIds: string[] = [];
/** What each probe sent (path and body), so an error quoting the caller's own input is no leak. */
const sentBy = new WeakMap<Response, string>();

beforeAll(async () => {
  api = await startInProcessApp("isolation");
  const { prisma } = api.scratch;
  const [northwind, bluefin, copperleaf] = await Promise.all(["northwind", "bluefin", "copperleaf"].map((slug) => prisma.tenant.findUniqueOrThrow({ where: { slug } })));
  tenantIds = { northwind: northwind!.id, bluefin: bluefin!.id, copperleaf: copperleaf!.id };
  // Before the ids are collected, so Bluefin's entry is among the ids every body is scanned for.
  auditEntryIds = await seedAuditTrail(prisma);
  const tenantOwned = await prisma.$queryRaw<{ table: string }[]>`
    select c.table_name as "table" from information_schema.columns c
    join information_schema.columns i on i.table_schema = c.table_schema and i.table_name = c.table_name and i.column_name = 'id'
    where c.table_schema = current_schema() and c.column_name = 'tenantId'`;
  const idsByTable = new Map<string, string[]>();
  for (const { table } of tenantOwned) {
    const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(`select id::text as id from "${table}" where "tenantId" = $1::uuid`, bluefin!.id);
    idsByTable.set(table, rows.map((row) => row.id));
  }
  foreignIds = [bluefin!.id, ...[...idsByTable.values()].flat()];
  harness = {
    foreignTenantId: bluefin!.id,
    prisma,
    async foreignId(table) {
      const id = idsByTable.get(table)?.[0];
      if (!id) throw new Error(`the seed gives Bluefin no "${table}" rows to probe with`);
      return id;
    },
    call(email, method, path, body) {
      return this.callIn(northwind!.id, email, method, path, body);
    },
    async callIn(tenantId, email, method, path, body) {
      const cookie = `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${tenantId}`;
      const json = body === undefined ? undefined : JSON.stringify(body);
      const response = await api.app.request(path, { method, headers: { cookie, origin: TEST_ORIGIN, ...(json === undefined ? {} : { "content-type": "application/json" }) }, body: json });
      sentBy.set(response, `${path} ${json ?? ""}`);
      return response;
    },
  };
});

afterAll(async () => api?.close());

/** "METHOD /v1/path/{param}" for every API route the app registers (middleware excluded). */
function registeredRoutes(): string[] {
  const keys = api.app.routes
    .filter((route) => route.method !== "ALL" && route.path.startsWith("/api/v1/"))
    .map((route) => `${route.method} ${route.path.slice("/api".length).replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
  return [...new Set(keys)].sort();
}

/** The route with every {param} filled, so the request reaches the route's guard. */
function concretePath(routeKey: string): string {
  return `/api${routeKey.split(" ")[1]!.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000")}`;
}

function expectNoForeignData(body: string, sent = ""): void {
  const leaked = foreignIds.filter((id) => body.includes(id) && !sent.includes(id));
  expect(leaked, "ids of another tenant's rows in the response").toEqual([]);
}

test("every registered /api/v1 route has a row in the isolation table, and every row a route", () => {
  const registered = registeredRoutes();
  expect(registered.length).toBeGreaterThan(10);
  expect(registered.filter((key) => !(key in ROUTES)), "routes without an isolation row").toEqual([]);
  expect(Object.keys(ROUTES).filter((key) => !registered.includes(key)), "rows for routes that no longer exist").toEqual([]);
});

test("the seed gives the other tenant rows to leak", () => {
  expect(foreignIds.length).toBeGreaterThan(50);
});

describe.each(Object.entries(ROUTES).filter(([, row]) => row.scope === "tenant"))("%s (tenant-scoped)", (_key, row) => {
  test("another tenant's ids are not found and nothing of theirs is in the body", async () => {
    const tenantRow = row as Extract<Row, { scope: "tenant" }>;
    const response = await tenantRow.probe(harness);
    const body = await response.text();
    if (tenantRow.expect === "hidden") {
      expect(response.status, body).toBeLessThan(300);
    } else {
      expect(response.status, body).toBe(tenantRow.expect === "not-found" ? 404 : tenantRow.expect.status);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    expectNoForeignData(body, sentBy.get(response));
  });
});

describe.each(Object.entries(ROUTES).filter(([, row]) => row.scope === "user"))("%s (the caller's own account)", (_key, row) => {
  test("answers about the caller only, naming nothing of another tenant", async () => {
    const response = await (row as Extract<Row, { scope: "user" }>).probe(harness);
    const body = await response.text();
    expect(response.status, body).toBeLessThan(500);
    expectNoForeignData(body, sentBy.get(response));
  });
});

describe.each(Object.entries(ROUTES).filter(([, row]) => row.scope === "shared"))("%s (shared catalog)", (_key, row) => {
  test("answers a signed-in member of any tenant without another tenant's data", async () => {
    const response = await (row as Extract<Row, { scope: "shared" }>).probe(harness);
    const body = await response.text();
    expect(response.status, body).toBeLessThan(300);
    expectNoForeignData(body);
  });
});

describe.each(Object.keys(ROUTES).filter((key) => ROUTES[key]!.scope === "ops"))("%s (global ops)", (key) => {
  test("a tenant member and a tenant admin, neither with a platform role, are refused with 403 and no data", async () => {
    const method = key.split(" ")[0]!;
    const body = method === "GET" ? undefined : {};
    const refusals = [await harness.call(MEMBER, method, concretePath(key), body), await harness.callIn(tenantIds.copperleaf, TENANT_ADMIN, method, concretePath(key), body)];
    for (const response of refusals) {
      const text = await response.text();
      expect(response.status, text).toBe(403);
      expect(JSON.parse(text)).toMatchObject({ code: "forbidden" });
      expectNoForeignData(text);
    }
  });
});

describe("GET /api/v1/audit (a tenant admin's own trail)", () => {
  type AuditPage = { items: { id: string; tenantId: string | null; tenantName: string | null; target: string }[]; nextCursor: string | null };

  test("Copperleaf's admin sees Copperleaf's entries only: none of Northwind's, Bluefin's or the platform's, whatever the query asks", async () => {
    for (const query of ["limit=200", `limit=200&tenant=${tenantIds.northwind}`, "limit=200&target=isolation-probe:"]) {
      const response = await harness.callIn(tenantIds.copperleaf, TENANT_ADMIN, "GET", `/api/v1/audit?${query}`);
      const text = await response.text();
      expect(response.status, text).toBe(200);
      const page = JSON.parse(text) as AuditPage;
      expect(page.items.map((item) => item.id)).toContain(auditEntryIds.copperleaf);
      expect(page.items.filter((item) => item.tenantId !== tenantIds.copperleaf), query).toEqual([]);
      expect(new Set(page.items.map((item) => item.tenantName))).toEqual(new Set(["Copperleaf Studio"]));
      for (const other of [auditEntryIds.northwind, auditEntryIds.bluefin, auditEntryIds.platform, tenantIds.northwind, tenantIds.bluefin]) expect(text, query).not.toContain(other);
      expect(text).not.toMatch(/isolation-probe:(northwind|bluefin|platform)/);
    }
  });

  test("a tenant member and a platform manager without a tenant are refused with 403", async () => {
    for (const email of [MEMBER, "manager@agency.test"]) {
      const response = await harness.callIn(tenantIds.copperleaf, email, "GET", "/api/v1/audit");
      const text = await response.text();
      expect(response.status, `${email}: ${text}`).toBe(403);
      expect(text).not.toContain("isolation-probe:");
    }
  });
});
