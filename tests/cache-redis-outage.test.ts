import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cacheKeys } from "@/lib/cache";
import { makeCache, metricValue, uniqueTenantId } from "./support/cache";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

let ownRedis: OwnRedis;
beforeAll(async () => {
  ownRedis = await startOwnRedis();
});
afterAll(() => ownRedis.kill());

/** L1 entries live 50 ms here, so most reads go on to Redis and notice when it is gone. */
const OUTAGE_SETTINGS = { l1TtlSeconds: 0.05, l1TtlWhileRedisDownSeconds: 0.05, breakerFailureThreshold: 3, breakerCooldownMs: 200 };

type LoopResult = { reads: number; failures: number };

/** Reads `keys` round-robin until `stop()`; every read must produce the key's value. */
function readLoop(read: (key: string) => Promise<unknown>, keys: string[]) {
  const result: LoopResult = { reads: 0, failures: 0 };
  let isRunning = true;
  const done = (async () => {
    while (isRunning) {
      const key = keys[result.reads % keys.length]!;
      try {
        if ((await read(key)) !== key) result.failures += 1;
      } catch {
        result.failures += 1;
      }
      result.reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    stop: async () => {
      isRunning = false;
      await done;
      return result;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("cache while Redis fails", () => {
  test("no read fails while Redis is killed, and L2 hits resume once it is back on the same port", async () => {
    const cache = await makeCache({ redisUrl: ownRedis.url, settings: OUTAGE_SETTINGS });
    const tenantId = uniqueTenantId();
    const keys = Array.from({ length: 20 }, (_, index) => cacheKeys.template(tenantId, `t${index}`));
    const loop = readLoop((key) => cache.getOrLoad(key, async () => key), keys);

    await sleep(300);
    await ownRedis.kill();
    await expect.poll(() => cache.describeHealth(), { timeout: 3_000 }).toMatchObject({ mode: "l1-only", breaker: "open" });
    await sleep(500);
    await ownRedis.restart();
    await expect.poll(() => cache.describeHealth(), { timeout: 5_000 }).toEqual({ mode: "l1+redis", breaker: "closed", redis: "ready" });
    const hitsAfterRestart = await metricValue("cache_requests_total", { level: "l2", result: "hit" });
    await expect.poll(() => metricValue("cache_requests_total", { level: "l2", result: "hit" }), { timeout: 3_000 }).toBeGreaterThan(hitsAfterRestart);
    const { reads, failures } = await loop.stop();

    expect(failures).toBe(0);
    expect(reads).toBeGreaterThan(100);
  });

  test("opens the breaker when Redis stops answering, serves from L1 + loader without waiting on it, and closes again", async () => {
    const cache = await makeCache({ redisUrl: ownRedis.url, settings: OUTAGE_SETTINGS });
    const tenantId = uniqueTenantId();
    ownRedis.pause();
    try {
      // The first reads each wait out the command timeout (150 ms) until the breaker opens.
      for (let index = 0; index < 3; index++) await cache.getOrLoad(cacheKeys.template(tenantId, `slow${index}`), async () => "loaded");
      expect(cache.describeHealth()).toMatchObject({ mode: "l1-only", breaker: "open" });
      expect(await metricValue("cache_breaker_state")).toBe(2);
      const startedAt = performance.now();
      expect(await cache.getOrLoad(cacheKeys.template(tenantId, "fast"), async () => "loaded")).toBe("loaded");
      expect(performance.now() - startedAt).toBeLessThan(20);
    } finally {
      ownRedis.resume();
    }
    await sleep(OUTAGE_SETTINGS.breakerCooldownMs);
    await cache.getOrLoad(cacheKeys.template(tenantId, "probe"), async () => "loaded");
    expect(cache.describeHealth()).toMatchObject({ mode: "l1+redis", breaker: "closed" });
  });

  test("re-applies an invalidation that could not reach Redis once the breaker closes", async () => {
    const [writer, reader] = [await makeCache({ redisUrl: ownRedis.url, settings: OUTAGE_SETTINGS }), await makeCache({ redisUrl: ownRedis.url })];
    const tenantId = uniqueTenantId();
    const key = cacheKeys.template(tenantId, "tpl");
    await writer.getOrLoad(key, async () => "old");
    await sleep(50);
    ownRedis.pause();
    try {
      for (let index = 0; index < 3; index++) await writer.getOrLoad(cacheKeys.template(tenantId, `slow${index}`), async () => "any");
      expect(writer.describeHealth().breaker).toBe("open");
      // The breaker keeps this from even being sent: without a replay, L2 would keep "old".
      expect(await writer.invalidateKey(key)).toEqual({ l1Removed: 1, l2Removed: null, isBroadcast: false });
    } finally {
      ownRedis.resume();
    }
    expect(await reader.getOrLoad(key, async () => "new")).toBe("old");
    await sleep(OUTAGE_SETTINGS.breakerCooldownMs);
    await writer.getOrLoad(cacheKeys.template(tenantId, "probe"), async () => "any"); // the probe closes the breaker

    await expect.poll(() => reader.getOrLoad(key, async () => "new"), { timeout: 2_000 }).toBe("new");
  });
});
