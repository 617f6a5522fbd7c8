import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { cacheKeys, cacheTags } from "@/lib/cache";
import { fillLockKey, tagSetKey } from "@/lib/cache/keys";
import { makeCache, countingLoader, inspector, uniqueTenantId } from "./support/cache";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

let ownRedis: OwnRedis;
beforeAll(async () => {
  ownRedis = await startOwnRedis();
});
afterAll(() => ownRedis.kill());

const externalRedisUrl = inject("externalRedisUrl");
const targets = [
  { name: "a redis-server of the test's own", url: () => ownRedis.url },
  ...(externalRedisUrl ? [{ name: "the machine's Redis", url: () => externalRedisUrl }] : []),
];

describe.each(targets)("read-through cache on $name", ({ url }) => {
  test("serves a second instance from L2 without calling its loader, dates still dates", async () => {
    const tenantId = uniqueTenantId();
    const key = cacheKeys.template(tenantId, "tpl-1");
    const template = { id: "tpl-1", createdAt: new Date("2024-03-01T12:00:00.123Z"), tags: ["seo"] };
    const [first, second] = [await makeCache({ redisUrl: url() }), await makeCache({ redisUrl: url() })];
    const loader = countingLoader(template);

    await first.getOrLoad(key, loader, { tags: [cacheTags.templates(tenantId)] });
    await first.close(); // its background L2 write is done once close() returns
    const fromL2 = await second.getOrLoad(key, loader);

    expect(loader.calls).toBe(1);
    expect(fromL2).toEqual(template);
    expect((fromL2 as typeof template).createdAt).toBeInstanceOf(Date);
    await second.invalidateTag(cacheTags.templates(tenantId));
  });

  test("expires entries from L2 after the entry's TTL", async () => {
    const tenantId = uniqueTenantId();
    const key = cacheKeys.dashboardStats(tenantId);
    const redis = inspector(url());
    const writer = await makeCache({ redisUrl: url() });
    await writer.getOrLoad(key, async () => ({ visits: 1 }), { ttlSeconds: 0.4 });
    await writer.close();
    const ttlMs = await redis.pttl(key);
    expect(ttlMs).toBeGreaterThan(200);
    expect(ttlMs).toBeLessThanOrEqual(400);

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await redis.exists(key)).toBe(0);
    const reader = await makeCache({ redisUrl: url() });
    const loader = countingLoader({ visits: 2 });
    expect(await reader.getOrLoad(key, loader)).toEqual({ visits: 2 });
    expect(loader.calls).toBe(1);
    await reader.invalidateKey(key);
  });

  test("caches 'not found' briefly, for every instance", async () => {
    const key = cacheKeys.template(uniqueTenantId(), "missing");
    const [first, second] = [await makeCache({ redisUrl: url() }), await makeCache({ redisUrl: url() })];
    const loader = countingLoader(null);
    expect(await first.getOrLoad(key, loader, { negativeTtlSeconds: 5 })).toBeNull();
    expect(await first.getOrLoad(key, loader)).toBeNull();
    await first.close();
    expect(await second.getOrLoad(key, loader)).toBeNull();
    expect(loader.calls).toBe(1);
    await second.invalidateKey(key);
  });

  test("a tag invalidation removes every tagged entry from L1 and L2, and the tag set", async () => {
    const tenantId = uniqueTenantId();
    const otherTenant = uniqueTenantId();
    const redis = inspector(url());
    const cache = await makeCache({ redisUrl: url() });
    const tagged = [cacheKeys.template(tenantId, "a"), cacheKeys.templatesByCategory(tenantId, "seo", null)];
    const untagged = cacheKeys.template(otherTenant, "a");
    for (const key of tagged) await cache.getOrLoad(key, async () => key, { tags: [cacheTags.templates(tenantId)] });
    await cache.getOrLoad(untagged, async () => untagged, { tags: [cacheTags.templates(otherTenant)] });
    await expect.poll(() => redis.exists(...tagged, untagged)).toBe(3);

    const result = await cache.invalidateTag(cacheTags.templates(tenantId));

    expect(result).toEqual({ l1Removed: 2, l2Removed: 2, isBroadcast: true });
    expect(await redis.exists(...tagged, tagSetKey(cacheTags.templates(tenantId)))).toBe(0);
    expect(await redis.exists(untagged)).toBe(1);
    const reload = countingLoader("fresh");
    for (const key of tagged) await cache.getOrLoad(key, reload);
    expect(reload.calls).toBe(2);
    await cache.invalidateTag(cacheTags.templates(otherTenant));
    await cache.invalidateKeys(tagged);
  });

  test("previews a tag and a pattern invalidation: keys, tenants and the load to expect", async () => {
    const tenants = [uniqueTenantId(), uniqueTenantId()];
    const cache = await makeCache({ redisUrl: url() });
    for (const tenantId of tenants) {
      for (const id of ["a", "b", "c"]) {
        const key = cacheKeys.template(tenantId, id);
        // Ten reads each: one load, nine hits, so there is traffic to extrapolate from.
        for (let read = 0; read < 10; read++) await cache.getOrLoad(key, async () => id, { tags: [cacheTags.templates(tenantId)] });
      }
    }
    const redis = inspector(url());
    await expect.poll(() => redis.exists(...tenants.flatMap((tenantId) => ["a", "b", "c"].map((id) => cacheKeys.template(tenantId, id))))).toBe(6);

    const byTag = await cache.previewInvalidation({ tag: cacheTags.templates(tenants[0]!) });
    expect(byTag).toMatchObject({ source: "redis", keys: 3, tenants: 1, keysByDomain: { templates: 3 }, maxLoaderCalls: 3 });
    expect(byTag.hitRatio).toBeCloseTo(0.9, 1);
    expect(byTag.expectedExtraLoadPerSecond).toBeGreaterThan(0);
    expect(byTag.expectedExtraLoadPerSecond).toBeCloseTo(byTag.requestsPerSecond * byTag.hitRatio, 1);

    for (const tenantId of tenants) {
      const byPattern = await cache.previewInvalidation({ pattern: `agency:templates:${tenantId}:*` });
      expect(byPattern).toMatchObject({ keys: 3, tenants: 1 });
      expect((await cache.invalidatePattern(`agency:templates:${tenantId}:*`)).l2Removed).toBe(3);
    }
    expect((await cache.previewInvalidation({ tag: cacheTags.templates(tenants[1]!) })).keys).toBe(0);
    for (const tenantId of tenants) await redis.unlink(tagSetKey(cacheTags.templates(tenantId)));
  });

  test("a load in flight when its key is invalidated returns, but doesn't store its now-stale value", async () => {
    const key = cacheKeys.workflowDefinition(uniqueTenantId(), "wf");
    const redis = inspector(url());
    const cache = await makeCache({ redisUrl: url() });
    let release!: () => void;
    const slowLoad = cache.getOrLoad(key, () => new Promise<string>((resolve) => (release = () => resolve("old"))));
    await expect.poll(() => redis.exists(fillLockKey(key))).toBe(1);
    await cache.invalidateKey(key);
    release();
    expect(await slowLoad).toBe("old");
    const reload = countingLoader("new");
    expect(await cache.getOrLoad(key, reload)).toBe("new");
    expect(reload.calls).toBe(1);
    await cache.invalidateKey(key);
  });
});

describe("commands sent to Redis", () => {
  test("never includes KEYS, whatever the cache does", async () => {
    const redis = inspector(ownRedis.url);
    await redis.config("RESETSTAT");
    const tenantId = uniqueTenantId();
    const cache = await makeCache({ redisUrl: ownRedis.url });
    for (const id of ["a", "b"]) await cache.getOrLoad(cacheKeys.template(tenantId, id), async () => id, { tags: [cacheTags.templates(tenantId)] });
    await cache.previewInvalidation({ tag: cacheTags.templates(tenantId) });
    await cache.previewInvalidation({ pattern: `agency:*:${tenantId}:*` });
    await cache.invalidateKey(cacheKeys.template(tenantId, "a"));
    await cache.invalidateTag(cacheTags.templates(tenantId));
    await cache.invalidatePattern(`agency:*:${tenantId}:*`);

    const stats = await redis.info("commandstats");
    expect(stats).toMatch(/cmdstat_scan:/);
    expect(stats).toMatch(/cmdstat_sscan:/);
    expect(stats).toMatch(/cmdstat_unlink:/);
    expect(stats).not.toMatch(/cmdstat_keys:/);
  });
});

describe("values Redis can't hold", () => {
  test("are served from L1 and never fail the request", async () => {
    const key = cacheKeys.template(uniqueTenantId(), "with-function");
    const cache = await makeCache({ redisUrl: ownRedis.url });
    const value = { id: "x", render: () => "not serializable" };
    expect(await cache.getOrLoad(key, async () => value)).toBe(value);
    await cache.close();
    expect(await inspector(ownRedis.url).exists(key)).toBe(0);
  });
});

describe("L2 reads", () => {
  test("concurrent reads of different keys reach Redis as one MGET", async () => {
    const tenantId = uniqueTenantId();
    const keys = Array.from({ length: 50 }, (_, index) => cacheKeys.template(tenantId, `t${index}`));
    const writer = await makeCache({ redisUrl: ownRedis.url });
    for (const key of keys) await writer.getOrLoad(key, async () => key);
    await writer.close();
    const redis = inspector(ownRedis.url);
    await redis.config("RESETSTAT");
    const reader = await makeCache({ redisUrl: ownRedis.url });
    const loader = countingLoader("unused");

    const values = await Promise.all(keys.map((key) => reader.getOrLoad(key, loader)));

    expect(values).toEqual(keys);
    expect(loader.calls).toBe(0);
    expect(await redis.info("commandstats")).toMatch(/cmdstat_mget:calls=1,/);
    await reader.invalidateKeys(keys);
  });
});

describe("embedded mode (no Redis)", () => {
  test("keeps entries in L1 no longer than the entry's TTL, on the injected clock", async () => {
    let nowMs = 1_000_000;
    const cache = await makeCache({ now: () => nowMs });
    const key = cacheKeys.tenantModules(uniqueTenantId());
    const loader = countingLoader(["billing"]);
    await cache.getOrLoad(key, loader, { ttlSeconds: 2 });
    nowMs += 2_000;
    await cache.getOrLoad(key, loader);
    expect(loader.calls).toBe(1);
    nowMs += 1;
    await cache.getOrLoad(key, loader);
    expect(loader.calls).toBe(2);
  });

  test("caps L1 lifetimes at CACHE_L1_TTL_SECONDS even for long-lived entries", async () => {
    let nowMs = 1_000_000;
    const cache = await makeCache({ now: () => nowMs, settings: { l1TtlSeconds: 300 } });
    const key = cacheKeys.dashboardStats(uniqueTenantId());
    const loader = countingLoader({ visits: 1 });
    await cache.getOrLoad(key, loader, { ttlSeconds: 3_600 });
    nowMs += 300_001;
    await cache.getOrLoad(key, loader);
    expect(loader.calls).toBe(2);
  });

  test("offers the same API: tags, patterns and previews work locally", async () => {
    const cache = await makeCache();
    const tenantId = uniqueTenantId();
    for (const id of ["a", "b"]) await cache.getOrLoad(cacheKeys.template(tenantId, id), async () => id, { tags: [cacheTags.templates(tenantId)] });
    expect(await cache.previewInvalidation({ tag: cacheTags.templates(tenantId) })).toMatchObject({ source: "l1", keys: 2, tenants: 1 });
    expect(await cache.invalidateTag(cacheTags.templates(tenantId))).toEqual({ l1Removed: 2, l2Removed: 0, isBroadcast: false });
    expect(cache.describeHealth()).toEqual({ mode: "l1-only", breaker: "closed", redis: "disabled" });
  });
});
