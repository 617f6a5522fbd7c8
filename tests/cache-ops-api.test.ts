import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ScratchDatabase } from "./support/databases";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

const TENANT_ID = "00000000-0000-4000-8000-00000000c0de";

let api: InProcessApp;
let app: InProcessApp["app"];
let scratch: ScratchDatabase;
let cacheApi: typeof import("@/lib/cache");

beforeAll(async () => {
  // Embedded mode: L1 only, as the page must handle.
  api = await startInProcessApp("cacheops");
  ({ app, scratch } = api);
  cacheApi = await import("@/lib/cache");
});

afterAll(async () => api?.close());

const signIn = (email: string) => api.cookieFor(email);

function post(path: string, cookie: string, body: unknown) {
  return app.request(path, { method: "POST", headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("POST /api/v1/ops/cache/invalidations", () => {
  test("an sre previews a tag, then invalidates it: entries gone and exactly one audit entry, naming what it would remove", async () => {
    const cookie = await signIn("sre@agency.test");
    const tag = cacheApi.cacheTags.templates(TENANT_ID);
    for (const id of ["a", "b", "c"]) {
      await cacheApi.getOrLoad(cacheApi.cacheKeys.template(TENANT_ID, id), async () => ({ id }), { tags: [tag] });
    }

    const preview = await post("/api/v1/ops/cache/invalidations/preview", cookie, { kind: "tag", value: tag });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ kind: "tag", value: tag, source: "l1", keys: 3, tenants: 1, maxLoaderCalls: 3 });

    const response = await post("/api/v1/ops/cache/invalidations", cookie, { kind: "tag", value: tag, confirmation: tag });
    expect(response.status).toBe(200);
    const result = await response.json();
    // No Redis: nothing in L2, and the other instances are told over PostgreSQL.
    expect(result).toMatchObject({ kind: "tag", value: tag, l1Removed: 3, l2Removed: 0, isBroadcast: true });

    const entries = await scratch.prisma.auditEntry.findMany({ where: { action: "cache.invalidate_tag" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: result.audit.id, actorEmail: "sre@agency.test", target: `cache_tag:${tag}`, tenantId: null });
    // Written before the invalidation runs (it is not transactional): the preview's counts, then the request.
    expect(entries[0]!.before).toMatchObject({ keys: 3, tenants: 1, source: "l1" });
    expect(entries[0]!.after).toEqual({ requested: true });

    const again = await post("/api/v1/ops/cache/invalidations/preview", cookie, { kind: "tag", value: tag });
    expect((await again.json()).keys).toBe(0);
  });

  test("a manager may read the status but gets 403 on the action, and nothing is recorded", async () => {
    const cookie = await signIn("manager@agency.test");
    const status = await app.request("/api/v1/ops/cache", { headers: { cookie } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ mode: "l1-only", isRedisConfigured: false, breaker: "closed", redis: "disabled" });

    const response = await post("/api/v1/ops/cache/invalidations", cookie, { kind: "tag", value: "templates:x", confirmation: "templates:x" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect((await post("/api/v1/ops/cache/warm", cookie, {})).status).toBe(403);
    expect(await scratch.prisma.auditEntry.count({ where: { actorEmail: "manager@agency.test", action: { startsWith: "cache." } } })).toBe(0);
  });

  test("a key outside agency: is refused with 4xx problem+json and no audit entry", async () => {
    const cookie = await signIn("sre@agency.test");
    const before = await scratch.prisma.auditEntry.count();

    const preview = await post("/api/v1/ops/cache/invalidations/preview", cookie, { kind: "key", value: "session:123" });
    expect(preview.status).toBe(422);
    expect(preview.headers.get("content-type")).toContain("application/problem+json");
    expect((await preview.json()).detail).toContain('must start with "agency:"');

    const response = await post("/api/v1/ops/cache/invalidations", cookie, { kind: "key", value: "session:123", confirmation: "session:123" });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain('must start with "agency:"');

    const glob = await post("/api/v1/ops/cache/invalidations", cookie, { kind: "key", value: "agency:*", confirmation: "agency:*" });
    expect(glob.status).toBe(400);
    expect(await scratch.prisma.auditEntry.count()).toBe(before);
  });

  test("a confirmation that does not match the key is refused", async () => {
    const cookie = await signIn("sre@agency.test");
    const key = cacheApi.cacheKeys.template(TENANT_ID, "a");
    const response = await post("/api/v1/ops/cache/invalidations", cookie, { kind: "key", value: key, confirmation: "agency:templates" });
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("to confirm");
  });
});

describe("POST /api/v1/ops/cache/warm", () => {
  test("an sre runs every registered warmer and the run is audited as cache.warm_now", async () => {
    const cookie = await signIn("sre@agency.test");
    await cacheApi.registerWarmer({
      name: "test-warmer",
      cron: "0 0 1 1 *",
      run: (report) => cacheApi.warmEach([1, 2, 3], async (n) => cacheApi.getOrLoad(cacheApi.cacheKeys.dashboardStats(`${TENANT_ID.slice(0, -1)}${n}`), async () => n), report),
    });
    const response = await post("/api/v1/ops/cache/warm", cookie, {});
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.runs).toEqual([expect.objectContaining({ warmer: "test-warmer", warmed: 3, failed: 0, total: 3 })]);
    const entries = await scratch.prisma.auditEntry.findMany({ where: { action: "cache.warm_now" } });
    expect(entries.map((entry) => entry.id)).toEqual([result.audit.id]);
    expect(entries[0]).toMatchObject({ actorEmail: "sre@agency.test", target: "cache_warmer:all", after: { requested: true } });
  });
});
