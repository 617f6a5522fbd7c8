import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, onTestFinished, test } from "vitest";
import { cacheKeys, type Cache } from "@/lib/cache";
import type { CacheEvidence } from "@/lib/diagnostics/cache/detect";
import { DiagnosticsSampler } from "@/lib/diagnostics/sampler";
import { inspector, makeCache, metricValue, uniqueTenantId } from "./support/cache";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

let ownRedis: OwnRedis;
beforeAll(async () => {
  ownRedis = await startOwnRedis();
});
afterAll(() => ownRedis.kill());

const instanceId = (name: string) => `${name}-${randomBytes(4).toString("hex")}`;

/** A sampler watching `cache`, ticked by hand; the database probes run against the test cluster. */
function samplerFor(cache: Cache): DiagnosticsSampler {
  const sampler = new DiagnosticsSampler({ databaseUrl: inject("databaseUrl"), cache, intervalMs: 60_000 });
  onTestFinished(() => sampler.stop());
  return sampler;
}

async function cacheCard(sampler: DiagnosticsSampler) {
  await sampler.tick();
  return sampler.report()!.cache!;
}

/** Kills one instance's subscriber connection (found by its client name), as a network blip would. */
async function killSubscriber(instance: string): Promise<void> {
  const redis = inspector(ownRedis.url);
  const list = (await redis.client("LIST")) as string;
  const line = list.split("\n").find((entry) => entry.includes(` name=agency-cache-sub:${instance} `));
  const id = /(?:^|\s)id=(\d+)/.exec(line ?? "")?.[1];
  if (!id) throw new Error(`no subscriber connection for ${instance}:\n${list}`);
  await redis.client("KILL", "ID", id);
}

describe("cache invalidation detector on two instances and a real Redis", () => {
  test("records publish → applied lag of invalidations from the other instance", async () => {
    const [a, b] = [await makeCache({ redisUrl: ownRedis.url, instanceId: instanceId("a") }), await makeCache({ redisUrl: ownRedis.url, instanceId: instanceId("b") })];
    const sampler = samplerFor(b);
    const key = cacheKeys.template(uniqueTenantId(), "lag");
    await expect.poll(() => b.describeInvalidations(0)!.isSubscribed).toBe(true);
    await b.getOrLoad(key, async () => "v1");

    await a.invalidateKey(key);
    await expect.poll(() => b.describeInvalidations(0)!.deliveries.length).toBe(1);

    const card = await cacheCard(sampler);
    expect(card.state).toBe("ok");
    expect(card.evidence.delivery).toMatchObject({ count: 1 });
    expect(card.evidence.delivery!.p95Ms).toBeLessThan(100);
    expect(await metricValue("cache_invalidation_delivery_seconds")).toBeGreaterThan(0);
  });

  test("a dropped subscriber misses an invalidation, clears its L1 on reconnect, and no stale read survives", async () => {
    const [aId, bId] = [instanceId("a"), instanceId("b")];
    const [a, b] = [await makeCache({ redisUrl: ownRedis.url, instanceId: aId }), await makeCache({ redisUrl: ownRedis.url, instanceId: bId })];
    const sampler = samplerFor(b);
    const tenantId = uniqueTenantId();
    const key = cacheKeys.template(tenantId, "tpl");
    for (const other of ["x", "y", "z"]) await b.getOrLoad(cacheKeys.template(tenantId, other), async () => other);
    await b.getOrLoad(key, async () => "v1");
    await expect.poll(() => inspector(ownRedis.url).exists(key)).toBe(1);
    await expect.poll(() => b.describeInvalidations(0)!.isSubscribed).toBe(true);
    const remoteBefore = await metricValue("cache_invalidations_total", { origin: "remote" });
    const gapsBefore = await metricValue("cache_invalidation_gaps_total");

    await killSubscriber(bId);
    // ioredis waits ≥ 100 ms before reconnecting: this write and its invalidation fall in the gap.
    await a.invalidateKey(key);
    expect(await a.getOrLoad(key, async () => "v2")).toBe("v2");
    expect(await b.getOrLoad(key, async () => "unused")).toBe("v1"); // stale, for now

    await expect.poll(() => b.getOrLoad(key, async () => "unused"), { timeout: 3_000, interval: 10 }).toBe("v2");
    // The message was lost, not late: b never applied it; the reconnect repaired b's L1.
    expect(await metricValue("cache_invalidations_total", { origin: "remote" })).toBe(remoteBefore);
    expect(await metricValue("cache_invalidation_gaps_total")).toBe(gapsBefore + 1);
    const gap = b.describeInvalidations(0)!.gaps[0]!;
    expect(gap.endedAtMs).not.toBeNull();
    expect(gap.l1EntriesDropped).toBe(4);

    const card = await cacheCard(sampler);
    expect(card.state).toBe("warning");
    expect(card.reasons.join("\n")).toMatch(/subscription was down for .* L1 cleared on reconnect \(4 entries dropped\)/);
    expect(card.evidence.staleCheck).toMatchObject({ status: "checked", staleKeys: [] });
    expect(card.incident?.frozen.evidence).toMatchObject({ gapsTotal: 1 });
  });

  test("Redis down: the open gap is critical; after the restart the gap is repaired and the new value is read", async () => {
    const [a, b] = [await makeCache({ redisUrl: ownRedis.url, instanceId: instanceId("a") }), await makeCache({ redisUrl: ownRedis.url, instanceId: instanceId("b") })];
    const sampler = samplerFor(b);
    const key = cacheKeys.template(uniqueTenantId(), "tpl");
    await b.getOrLoad(key, async () => "v1");
    await expect.poll(() => b.describeInvalidations(0)!.isSubscribed).toBe(true);

    await ownRedis.kill();
    await expect.poll(() => b.describeInvalidations(0)!.gaps[0]?.endedAtMs, { timeout: 3_000 }).toBeNull();
    const down = await cacheCard(sampler);
    expect(down.state).toBe("critical");
    expect(down.reasons.join("\n")).toMatch(/can't reach this one/);
    expect(down.evidence.staleCheck.status).toBe("unavailable");
    await a.invalidateKey(key); // waits in a's pending list

    await ownRedis.restart();
    await expect.poll(() => b.getOrLoad(key, async () => "v2"), { timeout: 10_000, interval: 50 }).toBe("v2");
    const up = await cacheCard(sampler);
    expect(up.state).toBe("warning");
    expect(up.evidence.openGapSinceMs).toBeNull();
    // The evidence of the outage stays frozen in the incident.
    expect(up.incident).toMatchObject({ worstState: "critical" });
    expect((up.incident!.frozen.evidence as CacheEvidence).openGapSinceMs).not.toBeNull();
  });

  test("an L2 change that bypasses the bus leaves a stale L1 copy: the check finds it, counts it and drops it", async () => {
    const [a, b] = [await makeCache({ redisUrl: ownRedis.url, instanceId: instanceId("a") }), await makeCache({ redisUrl: ownRedis.url, instanceId: instanceId("b") })];
    const sampler = samplerFor(b);
    const redis = inspector(ownRedis.url);
    const tenantId = uniqueTenantId();
    const [changed, unchanged] = [cacheKeys.template(tenantId, "changed"), cacheKeys.template(tenantId, "unchanged")];
    await b.getOrLoad(changed, async () => ({ name: "old" }));
    await b.getOrLoad(unchanged, async () => ({ name: "same" }));
    await expect.poll(() => redis.exists(changed, unchanged)).toBe(2);
    // As if someone deleted the keys in redis-cli: no invalidation message reaches b.
    await redis.del(changed, unchanged);
    await a.getOrLoad(changed, async () => ({ name: "new" }));
    await a.getOrLoad(unchanged, async () => ({ name: "same" }));
    await expect.poll(() => redis.exists(changed, unchanged)).toBe(2);
    const staleBefore = await metricValue("cache_stale_reads_total");

    const card = await cacheCard(sampler);

    expect(card.state).toBe("critical");
    // Compared by content: the entry re-filled by another instance with the same value is fresh.
    expect(card.evidence.staleCheck).toEqual({ status: "checked", compared: 2, missingInL2: 0, staleKeys: [changed] });
    expect(await metricValue("cache_stale_reads_total")).toBe(staleBefore + 1);
    expect(await b.getOrLoad(changed, async () => ({ name: "unused" }))).toEqual({ name: "new" });
    expect((await cacheCard(sampler)).state).toBe("ok");
  });

  test("embedded mode reports the stale check as not applicable", async () => {
    const sampler = samplerFor(await makeCache());
    const card = await cacheCard(sampler);
    expect(card).toMatchObject({ state: "ok", evidence: { mode: "l1-only", staleCheck: { status: "not-applicable" } } });
    expect(card.evidence.note).toMatch(/Not applicable in L1-only mode/);
  });
});
