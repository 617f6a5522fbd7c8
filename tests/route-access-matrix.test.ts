import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PlatformRole, TenantRole } from "@/lib/auth/roles";
import { catalogRoutes, type CatalogRoute } from "@/lib/http/route-catalog";
import type { RouteAccess } from "@/lib/http/middleware/require-viewer";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

/**
 * The role matrix of every API route, in both scopes: every account below calls every route in
 * the catalog, and each answer must match what the route declares. An allowed call may still
 * fail for its own reasons (a made-up id is 404, an empty body 400, a stale password 403
 * `step_up_required`); a refused one is always 403 `forbidden` before anything runs.
 *
 * The expectations are computed here from the accounts' roles, independently of the guard's
 * own code, and the demo seed is what gives the accounts those roles.
 */
type Account = { email: string; label: string; tenantRole: TenantRole | null; platformRole: PlatformRole | null };

const ACCOUNTS: Account[] = [
  { email: "member@agency.test", label: "tenant member", tenantRole: "member", platformRole: null },
  { email: "lead@copperleaf.test", label: "tenant admin", tenantRole: "admin", platformRole: null },
  { email: "viewer@agency.test", label: "platform viewer", tenantRole: null, platformRole: "viewer" },
  { email: "sre@agency.test", label: "platform sre who is also a tenant member", tenantRole: "member", platformRole: "sre" },
  { email: "manager@agency.test", label: "platform manager", tenantRole: null, platformRole: "manager" },
  { email: "admin@agency.test", label: "platform admin who is also a tenant admin", tenantRole: "admin", platformRole: "admin" },
  { email: "nobody@matrix.test", label: "signed-in user with no role anywhere", tenantRole: null, platformRole: null },
];

function expectedAllowed(access: RouteAccess, account: Account): boolean {
  if (access.scope === "account") return true;
  if (access.scope === "platform") {
    const role = account.platformRole;
    return role !== null && (access.roles === "any" || role === "admin" || access.roles.includes(role));
  }
  const role = account.tenantRole;
  return role !== null && (access.roles === "any" || role === "admin" || access.roles.includes(role));
}

/** A concrete path for a catalog template: made-up ids, so an allowed call finds nothing to change. */
function concretePath(path: string): string {
  return `/api${path
    .replace(/\{pid\}/g, "999999")
    .replace(/\{key\}/g, "no-such-key")
    .replace(/\{[A-Za-z]+\}/g, () => randomUUID())}`;
}

let api: InProcessApp;
let routes: CatalogRoute[];

beforeAll(async () => {
  api = await startInProcessApp("route_matrix");
  // A person who signed in but holds no role in either scope.
  const userId = randomBytes(16).toString("base64url");
  await api.scratch.prisma.user.create({ data: { id: userId, email: "nobody@matrix.test", name: "No Body", emailVerified: true } });
  await api.scratch.prisma.account.create({
    data: { id: randomBytes(16).toString("base64url"), accountId: userId, providerId: "credential", userId, password: await hashPassword(DEMO_PASSWORD) },
  });
  routes = catalogRoutes();
});

afterAll(async () => {
  await api?.close();
});

async function call(account: Account, route: CatalogRoute): Promise<Response> {
  const hasBody = route.method !== "GET" && route.method !== "DELETE";
  return api.app.request(concretePath(route.path), {
    method: route.method,
    headers: { cookie: await api.cookieFor(account.email), origin: TEST_ORIGIN, accept: "application/json", ...(hasBody ? { "content-type": "application/json" } : {}) },
    body: hasBody ? "{}" : undefined,
  });
}

describe("every route declares its scope", () => {
  test("every /v1/ops route is a platform route, and nothing else is", () => {
    expect(routes.length).toBeGreaterThan(60);
    for (const route of routes) {
      expect({ route: `${route.method} ${route.path}`, platform: route.access.scope === "platform" }).toEqual({
        route: `${route.method} ${route.path}`,
        platform: route.path.startsWith("/v1/ops/"),
      });
    }
  });

  test("every platform change needs a recent password, except the previews that change nothing", () => {
    const platformChanges = routes.filter((route) => route.access.scope === "platform" && route.method !== "GET");
    const withoutStepUp = platformChanges.filter((route) => !route.stepUp).map((route) => `${route.method} ${route.path}`);
    expect(withoutStepUp.sort()).toEqual(["POST /v1/ops/cache/invalidations/preview", "POST /v1/ops/diagnostics/blockers/{pid}/preview", "POST /v1/ops/emergency/{id}/preview"]);
  });
});

describe.each(ACCOUNTS)("the role matrix as a $label ($email)", (account) => {
  test("every route answers as its declared scope and roles say", async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const response = await call(account, route);
      const body = response.headers.get("content-type")?.includes("json") ? ((await response.json()) as { code?: string }) : null;
      if (!body) await response.body?.cancel();
      const refused = response.status === 403 && body?.code === "forbidden";
      const allowed = expectedAllowed(route.access, account);
      if (response.status === 401 || response.status >= 500) mismatches.push(`${route.method} ${route.path}: ${response.status}`);
      else if (allowed && refused) mismatches.push(`${route.method} ${route.path}: refused, but ${JSON.stringify(route.access)} allows it`);
      else if (!allowed && !refused) mismatches.push(`${route.method} ${route.path}: answered ${response.status}, but ${JSON.stringify(route.access)} refuses it`);
    }
    expect(mismatches).toEqual([]);
  });
});

test("a customer's admin role never opens the control plane", async () => {
  const tenantAdmin = ACCOUNTS.find((account) => account.email === "lead@copperleaf.test")!;
  for (const route of routes.filter((candidate) => candidate.access.scope === "platform")) {
    const response = await call(tenantAdmin, route);
    expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
  }
});
