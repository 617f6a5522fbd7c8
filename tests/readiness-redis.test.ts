import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, inject, test } from "vitest";
import { createDatabase } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { checkReadiness } from "@/lib/health/readiness";
import { withDatabaseName } from "@/scripts/migrator/migration-adapter";
import { startOwnRedis } from "./support/redis-server";

const cleanups: (() => Promise<unknown>)[] = [];
const CLOSED_BREAKER = { mode: "l1+redis" as const, breaker: "closed" as const, redis: "ready" };
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function redisClient(url: string): Redis {
  // The app's settings: fail fast instead of queueing while Redis is away.
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 500, lazyConnect: false });
  client.on("error", () => {});
  cleanups.push(async () => client.disconnect());
  return client;
}

async function waitUntilConnected(client: Redis): Promise<void> {
  await expect.poll(() => client.status, { timeout: 5_000 }).toBe("ready");
}

describe("readiness with Redis", () => {
  test("reports Redis up, then down (degraded, not unavailable) once it is killed", async () => {
    const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: inject("databaseUrl"), DATABASE_REPLICA_URLS: [inject("replicaUrl")] });
    cleanups.push(() => database.close());
    const ownRedis = await startOwnRedis();
    cleanups.push(() => ownRedis.kill());
    const client = redisClient(ownRedis.url);
    await waitUntilConnected(client);

    const before = await checkReadiness(database, client, CLOSED_BREAKER);
    expect(before.status).toBe("ready");
    expect(before.checks.redis).toMatchObject({ status: "up" });

    await ownRedis.kill();
    const after = await checkReadiness(database, client, CLOSED_BREAKER);
    expect(after.status).toBe("degraded");
    expect(after.checks.redis).toMatchObject({ status: "down" });
    expect(after.checks.db.primary).toMatchObject({ status: "up" });
  });
});

const externalDatabaseUrl = inject("externalDatabaseUrl");
const externalRedisUrl = inject("externalRedisUrl");
const externalTargets = externalDatabaseUrl ? [{ name: "the machine's PostgreSQL and Redis", databaseUrl: externalDatabaseUrl, redisUrl: externalRedisUrl }] : [];

describe.each(externalTargets)("readiness on $name", ({ databaseUrl, redisUrl }) => {
  test("reports the external primary (and Redis when given) up", async () => {
    const name = `ready_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
    const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: withDatabaseName(databaseUrl, name), DATABASE_REPLICA_URLS: [] });
    cleanups.push(() => database.close());
    const client = redisUrl ? redisClient(redisUrl) : null;
    if (client) await waitUntilConnected(client);

    const readiness = await checkReadiness(database, client, CLOSED_BREAKER);
    expect(readiness.status).toBe("ready");
    expect(readiness.checks.db.primary).toMatchObject({ status: "up" });
    expect(readiness.checks.db.replicas).toEqual([]);
    expect(readiness.checks.redis).toEqual(redisUrl ? expect.objectContaining({ status: "up" }) : null);
  });
});
