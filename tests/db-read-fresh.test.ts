import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { isConnectionError, toAppErrorFromDatabase } from "@/lib/db/errors";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { query } from "./support/sql";

// Database.readFresh and read() with the primary stopped, on a primary + streaming replica of
// this test's own (the shared test cluster must keep its primary).
let cluster: EmbeddedCluster;
let dataDir: string;
const databases: Database[] = [];


function openDatabase(settings: Partial<ReturnType<typeof defaultDbSettings>> = {}): Database {
  const database = createDatabase({
    ...defaultDbSettings(),
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URLS: [cluster.replicaUrl],
    DB_WRITE_POOL_MIN: 0,
    DB_ACQUIRE_TIMEOUT_MS: 2_000,
    ...settings,
  });
  databases.push(database);
  return database;
}

/** Which server answered: "primary" or "replica" by pg_is_in_recovery(), and the notes it holds. */
async function whoAnswers(client: PrismaClient): Promise<{ server: "primary" | "replica"; notes: number }> {
  const rows = await client.$queryRaw<{ standby: boolean; notes: number }[]>`select pg_is_in_recovery() as standby, (select count(*)::int from fresh_note) as notes`;
  return { server: rows[0]!.standby ? "replica" : "primary", notes: rows[0]!.notes };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(50);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "read-fresh-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  await query(cluster.primaryUrl, "create table fresh_note (id serial primary key, note text not null)");
  await query(cluster.primaryUrl, "insert into fresh_note (note) select 'n' || g from generate_series(1, 10) g");
  await cluster.waitForReplicaReplay();
}, 180_000);

afterAll(async () => {
  await Promise.all(databases.map((database) => database.close()));
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("Database.readFresh and read() when the primary stops", () => {
  test("the primary answers while it is up; once stopped, a lagging replica answers, without a connect attempt per read; it answers again after a restart", async () => {
    // A zero lag bound and paused replay: the replica is out of the read rotation, behind by rows.
    const database = openDatabase({ DB_REPLICA_MAX_LAG_SECONDS: 0, DB_REPLICA_HEALTH_INTERVAL_MS: 60_000 });
    await query(cluster.replicaUrl, "select pg_wal_replay_pause()");
    await database.primary.$executeRaw`insert into fresh_note (note) values ('unreplayed')`;
    await sleep(1_100); // the replica's last replayed transaction ages past the bound
    await database.replication.sample();
    expect(database.replication.current().replicas[0]).toMatchObject({ healthy: true, inRotation: false });

    expect(await database.readFresh(whoAnswers)).toEqual({ server: "primary", notes: 11 });
    expect(await database.read(whoAnswers)).toEqual({ server: "primary", notes: 11 });
    expect(database.primaryReachable()).toBe(true);

    await cluster.stopPrimary();
    // The write fails with what the API turns into a 503, and marks the primary down at once
    // (the health sample is a minute away).
    const failedWrite = await database.primary.$executeRaw`insert into fresh_note (note) values ('lost')`.catch((error: unknown) => error);
    expect(isConnectionError(failedWrite)).toBe(true);
    expect(toAppErrorFromDatabase(failedWrite)).toMatchObject({ status: 503 });
    expect(database.primaryReachable()).toBe(false);

    const clientsSeen: PrismaClient[] = [];
    const started = performance.now();
    for (let index = 0; index < 20; index++) {
      const answer = await database.readFresh((client) => {
        clientsSeen.push(client);
        return whoAnswers(client);
      });
      expect(answer).toEqual({ server: "replica", notes: 10 }); // the freshest data there is
    }
    expect(clientsSeen.filter((client) => client === database.primary)).toEqual([]);
    expect(await database.read(whoAnswers, { recentWrite: true })).toMatchObject({ server: "replica" });
    expect(await database.read(whoAnswers)).toMatchObject({ server: "replica" });
    console.info(`20 fresh reads with the primary down took ${(performance.now() - started).toFixed(0)} ms`);

    await query(cluster.replicaUrl, "select pg_wal_replay_resume()");
    await cluster.startPrimary();
    // The background probe (about every second) sees it answer again.
    await waitFor(() => database.primaryReachable(), 10_000);
    expect(database.primaryReachable()).toBe(true);
    expect(await database.readFresh(whoAnswers)).toMatchObject({ server: "primary" });
    await database.primary.$executeRaw`insert into fresh_note (note) values ('after-restart')`;
  }, 90_000);

  test("a primary that fails mid-read (its connections ended) falls back to the replica for that read", async () => {
    const database = openDatabase({ DB_REPLICA_HEALTH_INTERVAL_MS: 60_000 });
    await database.replication.sample();
    const terminate = (client: PrismaClient) =>
      client.$queryRaw<{ standby: boolean }[]>`select pg_is_in_recovery() as standby, pg_terminate_backend(pg_backend_pid()) as ended`;
    // On the primary the query ends its own backend (57P01, connection cut); the replica only says who it is.
    const answer = await database.readFresh(async (client) => (client === database.primary ? terminate(client) : whoAnswers(client)));
    expect(answer).toMatchObject({ server: "replica" });
    // A cut connection is not a down primary: the next fresh read goes to the primary again.
    expect(database.primaryReachable()).toBe(true);
    expect(await database.readFresh(whoAnswers)).toMatchObject({ server: "primary" });
  }, 60_000);

  test("a session with a recent write reads the primary; with the primary failing to connect, a replica", async () => {
    const database = openDatabase({ DB_REPLICA_HEALTH_INTERVAL_MS: 60_000 });
    await database.replication.sample();
    expect(await database.read(whoAnswers, { recentWrite: true })).toMatchObject({ server: "primary" });
    await cluster.stopPrimary();
    try {
      expect(await database.read(whoAnswers, { recentWrite: true })).toMatchObject({ server: "replica" });
      expect(database.primaryReachable()).toBe(false);
    } finally {
      await cluster.startPrimary();
    }
  }, 60_000);
});
