import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cacheKeys, cacheTags } from "@/lib/cache";
import { fillLockKey } from "@/lib/cache/keys";
import { countingLoader, inspector, makeCache, metricValue, uniqueTenantId } from "./support/cache";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

let ownRedis: OwnRedis;
beforeAll(async () => {
  ownRedis = await startOwnRedis();
});
afterAll(() => ownRedis.kill());

async function twoInstances() {
  return [await makeCache({ redisUrl: ownRedis.url, instanceId: "a" }), await makeCache({ redisUrl: ownRedis.url, instanceId: "b" })] as const;
}

/** Milliseconds until `read` returns `expected`, polling every millisecond. */
async function millisecondsUntil(read: () => Promise<unknown>, expected: unknown, timeoutMs = 1_000): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    if ((await read()) === expected) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Infinity;
}

describe("two cache instances on one Redis", () => {
  test("a key invalidated on one instance leaves the other's L1 within 100 ms", async () => {
    const [a, b] = await twoInstances();
    const key = cacheKeys.template(uniqueTenantId(), "tpl");
    await b.getOrLoad(key, async () => "v1");
    expect(await b.getOrLoad(key, async () => "unused")).toBe("v1");

    await a.invalidateKey(key);
    const elapsedMs = await millisecondsUntil(() => b.getOrLoad(key, async () => "v2"), "v2");

    expect(elapsedMs).toBeLessThan(100);
    expect(await metricValue("cache_invalidations_total", { kind: "key", origin: "remote" })).toBeGreaterThanOrEqual(1);
  });

  test("a tag invalidated on one instance leaves the other's L1 within 100 ms", async () => {
    const [a, b] = await twoInstances();
    const tenantId = uniqueTenantId();
    const key = cacheKeys.templatesByCategory(tenantId, "seo", 2);
    await b.getOrLoad(key, async () => "page-v1", { tags: [cacheTags.templates(tenantId)] });

    await a.invalidateTag(cacheTags.templates(tenantId));
    const elapsedMs = await millisecondsUntil(() => b.getOrLoad(key, async () => "page-v2"), "page-v2");

    expect(elapsedMs).toBeLessThan(100);
  });

  test("an instance ignores its own invalidation messages", async () => {
    const [a] = await twoInstances();
    const before = await metricValue("cache_invalidations_total", { origin: "remote" });
    await a.invalidateKey(cacheKeys.template(uniqueTenantId(), "x"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Only the other instance ("b") counts the message as remote.
    expect(await metricValue("cache_invalidations_total", { origin: "remote" })).toBe(before + 1);
  });

  test("1,000 concurrent reads of one missing key from two instances call the loader once", async () => {
    const [a, b] = await twoInstances();
    const key = cacheKeys.dashboardStats(uniqueTenantId());
    const loader = countingLoader({ activeUsers: 42 }, 50);
    const waitsBefore = await metricValue("cache_stampede_waits_total", { outcome: "filled" });

    const reads = Array.from({ length: 1_000 }, (_, index) => (index % 2 === 0 ? a : b).getOrLoad(key, loader));
    const values = await Promise.all(reads);

    expect(loader.calls).toBe(1);
    expect(values.every((value) => JSON.stringify(value) === JSON.stringify({ activeUsers: 42 }))).toBe(true);
    // The instance that lost the lock waited for the other's fill instead of loading.
    expect(await metricValue("cache_stampede_waits_total", { outcome: "filled" })).toBe(waitsBefore + 1);
  });

  test("a waiter loads by itself once the lock holder's loader fails", async () => {
    const [a, b] = await twoInstances();
    const key = cacheKeys.workflowDefinition(uniqueTenantId(), "wf");
    const redis = inspector(ownRedis.url);
    let failLoad!: () => void;
    const failing = a.getOrLoad(key, () => new Promise((_, reject) => (failLoad = () => reject(new Error("database timeout")))));
    await expect.poll(() => redis.exists(fillLockKey(key))).toBe(1);
    const fallback = countingLoader("from-b");

    const waiting = b.getOrLoad(key, fallback);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fallback.calls).toBe(0); // still waiting for a's fill
    failLoad();
    const [failed, loaded] = await Promise.allSettled([failing, waiting]);

    expect(failed.status).toBe("rejected");
    expect(loaded).toEqual({ status: "fulfilled", value: "from-b" });
    expect(fallback.calls).toBe(1);
  });
});
