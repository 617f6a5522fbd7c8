import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;
/** Every call works in Northwind, whose seeded modules the expectations name. */
let northwindId: string;

beforeAll(async () => {
  api = await startInProcessApp("modules_api");
  northwindId = (await api.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } })).id;
});
afterAll(async () => {
  const { moduleRuntime } = await import("@/lib/modules");
  await moduleRuntime().runner.whenIdle();
  await api?.close();
});

const ADMIN = "admin@agency.test";
const MEMBER = "member@agency.test";

type Json = Record<string, unknown> & { errors?: { path: string; message: string }[] };

async function call(method: string, path: string, email: string, body?: unknown): Promise<{ status: number; contentType: string; body: Json }> {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: `${await api.cookieFor(email)}; ${TENANT_COOKIE}=${northwindId}`, origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: (await response.json()) as Json };
}

type TenantModule = { key: string; status: string; startedAt: string | null; finishedAt: string | null };

async function tenantModules(email = ADMIN): Promise<Map<string, TenantModule>> {
  const response = await call("GET", "/api/v1/tenant-modules?limit=200", email);
  expect(response.status).toBe(200);
  return new Map((response.body.items as TenantModule[]).map((row) => [row.key, row]));
}

async function waitUntilSettled(keys: string[]): Promise<Map<string, TenantModule>> {
  for (let poll = 0; poll < 100; poll += 1) {
    const rows = await tenantModules();
    if (keys.every((key) => rows.get(key) && rows.get(key)!.status !== "pending")) return rows;
    await sleep(50);
  }
  throw new Error(`${keys.join(", ")} still pending`);
}

describe("GET /api/v1/modules", () => {
  test("lists the registry by key with versions (newest first) and requirements, in pages", async () => {
    const first = await call("GET", "/api/v1/modules?limit=5", MEMBER);
    expect(first.status).toBe(200);
    const items = first.body.items as { key: string; latestVersion: string; versions: { version: string; requires: string[] }[] }[];
    expect(items.map((item) => item.key)).toEqual([...items.map((item) => item.key)].sort());
    expect(items).toHaveLength(5);
    const second = await call("GET", `/api/v1/modules?limit=5&cursor=${first.body.nextCursor as string}`, MEMBER);
    expect((second.body.items as { key: string }[])[0]!.key > items.at(-1)!.key).toBe(true);

    const crm = await call("GET", "/api/v1/modules?q=crm-pipeline", MEMBER);
    expect(crm.body.items).toEqual([
      expect.objectContaining({ key: "crm-pipeline", latestVersion: "2.1.0", versions: [expect.objectContaining({ version: "2.1.0", requires: ["crm-core@^2.3"] }), expect.anything(), expect.anything()] }),
    ]);
  });
});

describe("GET /api/v1/modules/{key}/resolution", () => {
  test("previews the activation order and marks what already runs", async () => {
    const response = await call("GET", "/api/v1/modules/rank-tracker/resolution", MEMBER);
    expect(response.status).toBe(200);
    const order = response.body.order as { key: string; status: string | null; willActivate: boolean; level: number }[];
    expect(order.map((module) => [module.key, module.status, module.willActivate])).toEqual([
      ["platform-core", "active", false],
      ["analytics-core", "active", false],
      ["seo-core", null, true],
      ["rank-tracker", null, true],
    ]);
  });

  test("a module that cannot run beside the tenant's platform is a 422 naming why", async () => {
    const response = await call("GET", "/api/v1/modules/legacy-exporter/resolution", MEMBER);
    expect(response.status).toBe(422);
    expect(response.contentType).toContain("application/problem+json");
    expect(response.body).toMatchObject({ reason: "incompatible", detail: "platform-core 2.2.1 is active, but legacy-exporter@0.9.0 requires platform-core@^1" });
  });

  test("an unknown module is a 422 naming it; a malformed key or range is a 400 naming the field", async () => {
    expect((await call("GET", "/api/v1/modules/no-such-module/resolution", MEMBER)).body).toMatchObject({ status: 422, detail: "the registry has no module no-such-module" });
    const badRange = await call("GET", "/api/v1/modules/crm-core/resolution?range=banana", MEMBER);
    expect(badRange.status).toBe(400);
    expect(badRange.body.errors).toEqual([{ path: "query.range", message: "must be a semver range, e.g. ^2.0.0" }]);
  });
});

describe("POST /api/v1/modules/activations", () => {
  test("a member may not activate modules, even one holding a platform role, nor a platform manager without a tenant", async () => {
    // sre@ is a platform sre and a plain member of Northwind; manager@ belongs to no tenant.
    for (const email of [MEMBER, "sre@agency.test", "manager@agency.test"]) {
      const response = await call("POST", "/api/v1/modules/activations", email, { modules: ["seo-core"] });
      expect(response.status, email).toBe(403);
    }
  });

  test("refuses malformed requirements with the field, writing nothing", async () => {
    const response = await call("POST", "/api/v1/modules/activations", ADMIN, { modules: ["seo-core", "Not A Key"] });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "json.modules.1", message: "must be a module key, optionally with a semver range: crm-core or crm-core@^2.0.0" }]);
    expect((await tenantModules()).has("seo-core")).toBe(false);
  });

  test("accepts the batch (202, all pending) and the runner activates the dependency first", async () => {
    const activeBefore = (await call("GET", "/api/v1/dashboard/stats", ADMIN)).body.activeModules as number;
    const response = await call("POST", "/api/v1/modules/activations", ADMIN, { modules: ["seo-audit"] });
    expect(response.status).toBe(202);
    const order = response.body.order as { key: string; willActivate: boolean }[];
    expect(order.map((module) => [module.key, module.willActivate])).toEqual([
      ["platform-core", false],
      ["seo-core", true],
      ["site-crawler", true],
      ["seo-audit", true],
    ]);
    expect((response.body.activations as { key: string; status: string }[]).filter((row) => row.key !== "platform-core").map((row) => row.status)).toEqual(["pending", "pending", "pending"]);

    const rows = await waitUntilSettled(["seo-core", "site-crawler", "seo-audit"]);
    expect(["seo-core", "site-crawler", "seo-audit"].map((key) => rows.get(key)!.status)).toEqual(["active", "active", "active"]);
    expect(Date.parse(rows.get("seo-audit")!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(rows.get("seo-core")!.finishedAt!));
    // The dashboard's cached count was dropped once the activations settled.
    const { moduleRuntime } = await import("@/lib/modules");
    await moduleRuntime().runner.whenIdle();
    await sleep(50);
    expect((await call("GET", "/api/v1/dashboard/stats", ADMIN)).body.activeModules).toBe(activeBefore + 3);
  });
});

describe("DELETE /api/v1/tenant-modules/{key}", () => {
  test("is refused with the dependents named, then cascades dependents first", async () => {
    await call("POST", "/api/v1/modules/activations", ADMIN, { modules: ["brand-kit"] });
    await waitUntilSettled(["brand-kit", "asset-library"]);

    const refused = await call("DELETE", "/api/v1/tenant-modules/asset-library", ADMIN);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ dependents: ["brand-kit", "social-scheduler"] });
    expect(refused.body.detail).toBe("asset-library is required by brand-kit, social-scheduler; deactivate them first or pass cascade=true");

    const cascaded = await call("DELETE", "/api/v1/tenant-modules/asset-library?cascade=true", ADMIN);
    expect(cascaded.status).toBe(200);
    expect(cascaded.body.deactivated).toEqual(["brand-kit", "social-scheduler", "asset-library"]);
    const rows = await tenantModules();
    expect(["brand-kit", "social-scheduler", "asset-library"].map((key) => rows.get(key)!.status)).toEqual(["inactive", "inactive", "inactive"]);
    expect(rows.get("social-core")!.status).toBe("active");
  });

  test("a module the tenant does not run is a 404", async () => {
    const response = await call("DELETE", "/api/v1/tenant-modules/legacy-exporter", ADMIN);
    expect(response.status).toBe(404);
  });
});

test("the runtime's metrics are exported", async () => {
  const { metrics } = await import("@/lib/metrics/registry");
  const text = await metrics.registry.metrics();
  expect(text).toMatch(/agency_module_activations_total\{result="active"\} [1-9]/);
  expect(text).toContain("agency_module_activations_limit 50");
  expect(text).toContain("agency_module_activation_duration_seconds_bucket");
});
