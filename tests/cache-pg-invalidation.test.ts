import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, onTestFinished, test } from "vitest";
import { loadAccessForUser } from "@/lib/auth/repo";
import { cacheKeys, cacheTags, createCache, pgSignalServer, PgSignalChannel, type Cache, type PgSignalServer } from "@/lib/cache";
import { defaultDbSettings } from "@/lib/db/config";
import { createDatabase, type Database } from "@/lib/db/client";
import { FeatureBreakerState, type ActiveBreaker } from "@/lib/emergency/breaker-state";
import { createOverrideBus } from "@/lib/emergency/override-bus";
import { templateChangeTargets } from "@/lib/templates/invalidation";
import { createMigratedDatabase, createTenant, type ScratchDatabase } from "./support/databases";
import { metricValue } from "./support/cache";

// Two app instances without Redis, as two caches in this process: each has its own instance id,
// its own Database (write pool) and its own LISTEN connection, exactly as two processes would.
// Only the PostgreSQL server is shared, so every invalidation crosses it.

let scratch: ScratchDatabase;
beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "pgbus");
});
afterAll(() => scratch.drop());

type Instance = { cache: Cache; channel: PgSignalChannel; database: Database };

async function startInstance(instanceId: string, server?: (database: Database) => PgSignalServer): Promise<Instance> {
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: scratch.url, DATABASE_REPLICA_URLS: [], DB_WRITE_POOL_MIN: 0 });
  const channel = new PgSignalChannel({ server: (server ?? pgSignalServer)(database) });
  const cache = createCache({ instanceId, signals: channel });
  onTestFinished(async () => {
    await cache.close();
    await channel.close();
    await database.close();
  });
  await expect.poll(() => channel.isListening(), { timeout: 5_000 }).toBe(true);
  return { cache, channel, database };
}

/** Milliseconds until `read` returns `expected`, polling every millisecond. */
async function millisecondsUntil(read: () => Promise<unknown>, expected: unknown, timeoutMs = 2_000): Promise<number> {
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    if ((await read()) === expected) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Infinity;
}

async function createTemplate(name: string) {
  const tenantId = await createTenant(scratch.prisma, "pgbus");
  const category = await scratch.prisma.templateCategory.create({ data: { tenantId, slug: "seo", name: "SEO" }, select: { id: true, slug: true } });
  const template = await scratch.prisma.template.create({ data: { tenantId, categoryId: category.id, name }, select: { id: true } });
  return { tenantId, templateId: template.id, categorySlug: category.slug };
}

async function createUser(platformRole: "sre" | null) {
  const id = `user-${randomBytes(6).toString("hex")}`;
  await scratch.prisma.user.create({ data: { id, name: id, email: `${id}@example.test` } });
  if (platformRole) await scratch.prisma.platformRoleGrant.create({ data: { userId: id, role: platformRole } });
  return id;
}

async function terminateListeners(): Promise<number> {
  const client = new pg.Client({ connectionString: scratch.superuserUrl });
  await client.connect();
  try {
    const result = await client.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'agency-toolkit-signals' AND datname = current_database()",
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe("cache invalidation between two instances over PostgreSQL LISTEN/NOTIFY (no Redis)", () => {
  test("a template renamed through one instance is seen by both within 1 s", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const { tenantId, templateId, categorySlug } = await createTemplate("Old name");
    const key = cacheKeys.template(tenantId, templateId);
    const readName = (instance: Instance) => () =>
      instance.cache.getOrLoad(key, async () => (await scratch.prisma.template.findUnique({ where: { id: templateId }, select: { name: true } }))?.name, {
        tags: [cacheTags.templates(tenantId)],
      });
    expect(await readName(a)()).toBe("Old name");
    expect(await readName(b)()).toBe("Old name");

    // What the template service does on a rename: write, then invalidate the key and its category pages.
    await scratch.prisma.template.update({ where: { id: templateId }, data: { name: "New name" } });
    const targets = templateChangeTargets(tenantId, templateId, [categorySlug]);
    const results = await Promise.all([a.cache.invalidateKey(targets.key), ...targets.tags.map((tag) => a.cache.invalidateTag(tag))]);

    expect(results.every((result) => result.isBroadcast)).toBe(true);
    expect(await readName(a)()).toBe("New name"); // its own L1 went synchronously
    expect(await millisecondsUntil(readName(b), "New name")).toBeLessThan(1_000);
    expect(b.cache.describeInvalidations(0)?.deliveries.length).toBeGreaterThanOrEqual(1);
  });

  test("a platform role removed through one instance is refused by the other within 1 s", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const userId = await createUser("sre");
    const readRole = (instance: Instance) => async () =>
      (await instance.cache.getOrLoad(cacheKeys.userAccess(userId), () => loadAccessForUser(instance.database, userId), { tags: [cacheTags.userAccess(userId)] }))
        ?.platformRole ?? null;
    expect(await readRole(a)()).toBe("sre");
    expect(await readRole(b)()).toBe("sre");

    await scratch.prisma.platformRoleGrant.delete({ where: { userId } });
    await a.cache.invalidateTag(cacheTags.userAccess(userId));

    expect(await readRole(a)()).toBeNull();
    expect(await millisecondsUntil(readRole(b), null)).toBeLessThan(1_000);
  });

  test("a membership removed through one instance leaves the other's cached access within 1 s", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const userId = await createUser(null);
    const tenantId = await createTenant(scratch.prisma, "pgbus-member");
    await scratch.prisma.membership.create({ data: { tenantId, userId, role: "admin" } });
    const readTenants = (instance: Instance) => async () =>
      (await instance.cache.getOrLoad(cacheKeys.userAccess(userId), () => loadAccessForUser(instance.database, userId), { tags: [cacheTags.userAccess(userId)] }))
        ?.memberships.length;
    expect(await readTenants(b)()).toBe(1);

    await scratch.prisma.membership.deleteMany({ where: { tenantId, userId } });
    await a.cache.invalidateTag(cacheTags.userAccess(userId));

    expect(await millisecondsUntil(readTenants(b), 0)).toBeLessThan(1_000);
  });

  test("a key list too big for one NOTIFY reaches the other instance whole", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const tenantId = `pgbus-${randomBytes(4).toString("hex")}`;
    const keys = Array.from({ length: 2_000 }, (_, index) => cacheKeys.template(tenantId, `template-with-a-longish-id-${index}`));
    for (const key of keys) await b.cache.getOrLoad(key, async () => "v1");

    const result = await a.cache.invalidateKeys(keys);

    expect(result.isBroadcast).toBe(true);
    const allReloaded = async () => (await Promise.all(keys.map((key) => b.cache.getOrLoad(key, async () => "v2")))).every((value) => value === "v2");
    await expect.poll(allReloaded, { timeout: 1_000, interval: 20 }).toBe(true);
  });

  test("an invalidation preview counts the instances listening on PostgreSQL", async () => {
    const [a] = [await startInstance("a"), await startInstance("b")];
    const preview = await a.cache.previewInvalidation({ tag: cacheTags.templates("pgbus-preview") });
    expect(preview).toMatchObject({ source: "l1", instances: 2 });
  });

  test("an instance ignores its own messages", async () => {
    const [a] = [await startInstance("a"), await startInstance("b")];
    const before = await metricValue("cache_invalidations_total", { origin: "remote" });
    await a.cache.invalidateKey(cacheKeys.template("pgbus-own", "x"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Only "b" counts the message as remote.
    expect(await metricValue("cache_invalidations_total", { origin: "remote" })).toBe(before + 1);
  });

  test("a LISTEN connection ended by pg_terminate_backend comes back, reports the gap and drops what may be stale", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const gapsBefore = await metricValue("cache_invalidation_gaps_total");
    const key = cacheKeys.template(`pgbus-${randomBytes(4).toString("hex")}`, "t");
    expect(await b.cache.getOrLoad(key, async () => "before")).toBe("before");

    expect(await terminateListeners()).toBe(2);
    // Whatever was sent while nobody listened is lost: b can't know, so it drops all it holds.
    const repairedGaps = (instance: Instance) => (instance.cache.describeInvalidations(0)?.gaps ?? []).filter((gap) => gap.endedAtMs !== null);
    await expect.poll(() => repairedGaps(b).length, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => repairedGaps(a).length, { timeout: 5_000 }).toBe(1);

    expect(b.channel.isListening()).toBe(true);
    expect(await b.cache.getOrLoad(key, async () => "after")).toBe("after");
    const [gap] = repairedGaps(b);
    expect(gap!.l1EntriesDropped).toBe(1);
    expect(gap!.endedAtMs! - gap!.startedAtMs).toBeLessThan(2_000);
    expect(await metricValue("cache_invalidation_gaps_total")).toBe(gapsBefore + 2);
  });

  test("the LISTEN connection follows the primary to another server when it changes, and counts that time as a gap", async () => {
    const other = await createMigratedDatabase(inject("databaseUrl"), "pgbus_promoted");
    onTestFinished(() => other.drop());
    const listeners = new Set<() => void>();
    let url = scratch.url;
    const following = (database: Database): PgSignalServer => ({
      ...pgSignalServer(database),
      url: () => url,
      onChanged: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    });
    const b = await startInstance("b", following);
    const key = cacheKeys.template("pgbus-promotion", "t");
    await b.cache.getOrLoad(key, async () => "v1");

    url = other.url;
    listeners.forEach((listener) => listener());
    expect(b.channel.isListening()).toBe(false);
    await expect.poll(() => b.channel.isListening(), { timeout: 5_000 }).toBe(true);
    expect(b.cache.describeInvalidations(0)?.gaps).toEqual([expect.objectContaining({ endedAtMs: expect.any(Number), l1EntriesDropped: 1 })]);

    // NOTIFY on the "promoted" server now reaches b.
    const notifier = new pg.Client({ connectionString: other.superuserUrl });
    await notifier.connect();
    onTestFinished(() => notifier.end());
    await b.cache.getOrLoad(key, async () => "v2");
    const message = JSON.stringify({ origin: "a", publishedAtMs: Date.now(), kind: "keys", keys: [key] });
    await notifier.query("SELECT pg_notify('agency_signals', $1)", [`cache\n${message}`]);
    await expect.poll(() => b.cache.getOrLoad(key, async () => "v3"), { timeout: 1_000 }).toBe("v3");
  });

  test("a NOTIFY the primary can't take is counted and never fails the caller", async () => {
    const failing = (database: Database): PgSignalServer => ({ ...pgSignalServer(database), notify: () => Promise.reject(new Error("primary down")) });
    const a = await startInstance("a", failing);
    const before = await metricValue("cache_invalidation_publish_failures_total");

    const result = await a.cache.invalidateTag(cacheTags.templates("pgbus-down"));

    expect(result).toEqual({ l1Removed: 0, l2Removed: 0, isBroadcast: false });
    expect(await metricValue("cache_invalidation_publish_failures_total")).toBe(before + 1);
  });
});

describe("override announcements over PostgreSQL (no Redis)", () => {
  test("a circuit-breaker change announced on one instance reaches the other within 1 s, not at its next poll", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const busA = createOverrideBus(null, a.channel);
    const busB = createOverrideBus(null, b.channel);
    onTestFinished(async () => {
      await Promise.all([busA.close(), busB.close()]);
    });
    const heard: { kind: string; atMs: number }[] = [];
    busB.subscribe((kind) => heard.push({ kind, atMs: performance.now() }));

    const sentAtMs = performance.now();
    await busA.announce("circuit-breaker");

    await expect.poll(() => heard.length, { timeout: 1_000, interval: 5 }).toBe(1);
    expect(heard[0]!.kind).toBe("circuit-breaker");
    expect(heard[0]!.atMs - sentAtMs).toBeLessThan(1_000);
  });

  test("a circuit breaker activated through one instance degrades the other within 1 s while its poll is 5 s apart", async () => {
    const [a, b] = [await startInstance("a"), await startInstance("b")];
    const busA = createOverrideBus(null, a.channel);
    const busB = createOverrideBus(null, b.channel);
    let stored: ActiveBreaker[] = [];
    const state = new FeatureBreakerState({ load: async () => stored, bus: busB, pollIntervalMs: 5_000 }).start();
    onTestFinished(async () => {
      state.stop();
      await Promise.all([busA.close(), busB.close()]);
    });
    await expect.poll(() => state.lastLoadedAtMs()).not.toBeNull();

    stored = [{ overrideId: "o1", scope: "marketplace", owner: "sre@agency.test", expiresAtMs: Date.now() + 60_000, retryAfterSeconds: 30 }];
    const sentAtMs = performance.now();
    await busA.announce("circuit-breaker");

    await expect.poll(() => state.active().length, { timeout: 1_000, interval: 5 }).toBe(1);
    expect(performance.now() - sentAtMs).toBeLessThan(1_000);
  });
});
