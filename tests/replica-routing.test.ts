import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { dbMetrics } from "@/lib/db/metrics";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { deployMigrations } from "@/scripts/migrate";

// Pauses and stops its replica on purpose, so it runs a cluster of its own.
let cluster: EmbeddedCluster;
let database: Database;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-routing-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  await deployMigrations(cluster.primaryUrl);
  await cluster.waitForReplicaReplay();
  database = createDatabase({
    ...defaultDbSettings(),
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URLS: [cluster.replicaUrl],
    DB_REPLICA_MAX_LAG_SECONDS: 1,
    DB_REPLICA_HEALTH_INTERVAL_MS: 200,
  });
});

afterAll(async () => {
  await database?.close();
  await cluster?.stop();
});

/** Which server answered, and what it sees. */
async function readTenantCount(): Promise<{ onReplica: boolean; tenants: number }> {
  return database.read(async (client: PrismaClient) => {
    const [row] = await client.$queryRaw<{ on_replica: boolean; tenants: bigint }[]>`select pg_is_in_recovery() as on_replica, (select count(*) from tenant) as tenants`;
    return { onReplica: row!.on_replica, tenants: Number(row!.tenants) };
  });
}

async function onReplica(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.replicaUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

async function fallbacksSoFar(): Promise<number> {
  const counter = await dbMetrics.readRoutes.get();
  return counter.values.filter((value) => value.labels.reason === "no_replica_in_rotation").reduce((sum, value) => sum + value.value, 0);
}

const inRotation = async () => (await database.replication.sample()).replicas[0]!.inRotation;

describe("lag-aware read routing", () => {
  test("reads leave a lagging replica for the primary, with fresh data, and return once it catches up", async () => {
    await database.primary.tenant.create({ data: { slug: "before-pause", name: "Before pause" } });
    await cluster.waitForReplicaReplay();
    await expect.poll(inRotation, { timeout: 5_000 }).toBe(true);
    expect(await readTenantCount()).toEqual({ onReplica: true, tenants: 1 });

    await onReplica("select pg_wal_replay_pause()");
    await database.primary.tenant.create({ data: { slug: "during-pause", name: "During pause" } });
    await expect.poll(async () => (await database.replication.sample()).replicas[0]!.lagSeconds ?? 0, { timeout: 10_000, interval: 200 }).toBeGreaterThan(1);
    const status = database.replication.current().replicas[0]!;
    expect(status).toMatchObject({ replayPaused: true, inRotation: false });
    expect(status.lagBytes).toBeGreaterThan(0);

    const fallbacksBefore = await fallbacksSoFar();
    expect(await readTenantCount()).toEqual({ onReplica: false, tenants: 2 });
    expect(await fallbacksSoFar()).toBe(fallbacksBefore + 1);

    await onReplica("select pg_wal_replay_resume()");
    await expect.poll(inRotation, { timeout: 10_000, interval: 200 }).toBe(true);
    expect(await readTenantCount()).toEqual({ onReplica: true, tenants: 2 });
  });

  test("a session that just wrote reads from the primary", async () => {
    await expect.poll(inRotation, { timeout: 5_000 }).toBe(true);
    const where = await database.read((client) => client.$queryRaw<{ r: boolean }[]>`select pg_is_in_recovery() as r`, { recentWrite: true });
    expect(where[0]!.r).toBe(false);
  });

  test("reads keep succeeding while the replica is stopped and restarted", async () => {
    await expect.poll(inRotation, { timeout: 5_000 }).toBe(true);
    let failures = 0;
    let reads = 0;
    let replicaReadsAfterRestart = 0;
    let restarted = false;
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          const result = await readTenantCount();
          reads++;
          if (restarted && result.onReplica) replicaReadsAfterRestart++;
        } catch {
          failures++;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.stopReplica();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await cluster.startReplica();
    restarted = true;
    await expect.poll(() => replicaReadsAfterRestart, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
    running = false;
    await loop;

    expect(failures).toBe(0);
    expect(reads).toBeGreaterThan(50);
  });
});
