import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { query } from "./support/sql";

// These tests start clusters of their own (not the global one): they stop, restart and break them.
const startedClusters: EmbeddedCluster[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(startedClusters.splice(0).map((cluster) => cluster.stop()));
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-cluster-test-"));
  tempDirs.push(dir);
  return dir;
}

async function startCluster(dataDir: string, persistent: boolean, ports?: { primaryPort: number; replicaPort: number }): Promise<EmbeddedCluster> {
  const { primaryPort, replicaPort } = ports ?? { primaryPort: await findFreePort(), replicaPort: await findFreePort() };
  const cluster = await startEmbeddedCluster({ dataDir, primaryPort, replicaPort, persistent });
  startedClusters.push(cluster);
  return cluster;
}


async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const startedAt = performance.now();
  const value = await run();
  return { value, ms: performance.now() - startedAt };
}

function readPostmasterPid(serverDir: string): number {
  return Number.parseInt(fs.readFileSync(path.join(serverDir, "postmaster.pid"), "utf8"), 10);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("embedded cluster", () => {
  test("the replica streams from the primary", async () => {
    const cluster = await startCluster(makeTempDir(), false);

    const replication = await query(cluster.primaryUrl, "select application_name, state from pg_stat_replication");
    expect(replication).toEqual([{ application_name: "replica1", state: "streaming" }]);

    const marker = `row-${Date.now()}`;
    await query(cluster.primaryUrl, "create table replication_probe (note text not null)");
    await query(cluster.primaryUrl, "insert into replication_probe (note) values ($1)", [marker]);
    await cluster.waitForReplicaReplay();
    expect(await query(cluster.replicaUrl, "select note from replication_probe")).toEqual([{ note: marker }]);

    expect(await query(cluster.replicaUrl, "select pg_is_in_recovery() as in_recovery")).toEqual([{ in_recovery: true }]);
    await expect(query(cluster.replicaUrl, "insert into replication_probe (note) values ('x')")).rejects.toThrow(/read-only/);
  });

  test("a second start reuses the data", async () => {
    const dataDir = makeTempDir();
    const ports = { primaryPort: await findFreePort(), replicaPort: await findFreePort() };
    const cold = await timed(() => startCluster(dataDir, true, ports));
    await query(cold.value.primaryUrl, "create table kept (id int primary key)");
    await query(cold.value.primaryUrl, "insert into kept values (42)");
    await cold.value.waitForReplicaReplay();
    const stop = await timed(() => cold.value.stop());
    const replicaBuiltAt = fs.statSync(path.join(dataDir, "replica", "standby.signal")).mtimeMs;

    const warm = await timed(() => startCluster(dataDir, true, ports));

    expect(await query(warm.value.primaryUrl, "select id from kept")).toEqual([{ id: 42 }]);
    expect(await query(warm.value.replicaUrl, "select id from kept")).toEqual([{ id: 42 }]);
    expect(fs.statSync(path.join(dataDir, "replica", "standby.signal")).mtimeMs).toBe(replicaBuiltAt);
    expect(warm.ms).toBeLessThan(cold.ms);
    console.info(`cold start ${cold.ms.toFixed(0)} ms, stop ${stop.ms.toFixed(0)} ms, warm start ${warm.ms.toFixed(0)} ms`);
  });

  test("stop leaves no postgres processes behind", async () => {
    const dataDir = makeTempDir();
    const cluster = await startCluster(dataDir, false);
    // pg_stat_activity lists auxiliary processes too (checkpointer, walsender, walreceiver, ...).
    const serverPids = [
      readPostmasterPid(path.join(dataDir, "primary")),
      readPostmasterPid(path.join(dataDir, "replica")),
      ...(await query<{ pid: number }>(cluster.primaryUrl, "select pid from pg_stat_activity where pid <> pg_backend_pid()")).map((row) => row.pid),
      ...(await query<{ pid: number }>(cluster.replicaUrl, "select pid from pg_stat_activity where pid <> pg_backend_pid()")).map((row) => row.pid),
    ];
    expect(serverPids.every(isAlive)).toBe(true);

    await cluster.stop();

    expect(serverPids.filter(isAlive)).toEqual([]);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  test("the replica serves reads while the primary is down and streams again once it is back", async () => {
    const cluster = await startCluster(makeTempDir(), false);
    await query(cluster.primaryUrl, "create table outage_probe (id int)");
    await cluster.waitForReplicaReplay();

    await cluster.stopPrimary();
    await expect(query(cluster.primaryUrl, "select 1")).rejects.toThrow();
    expect(await query(cluster.replicaUrl, "select count(*)::int as rows from outage_probe")).toEqual([{ rows: 0 }]);

    await cluster.startPrimary();
    await query(cluster.primaryUrl, "insert into outage_probe values (1)");
    await cluster.waitForReplicaReplay();
    expect(await query(cluster.replicaUrl, "select count(*)::int as rows from outage_probe")).toEqual([{ rows: 1 }]);
  });

  test("a replica that fell behind further than the kept WAL is rebuilt on the next start", async () => {
    const dataDir = makeTempDir();
    const ports = { primaryPort: await findFreePort(), replicaPort: await findFreePort() };
    const first = await startCluster(dataDir, true, ports);
    const replicaBuiltAt = fs.statSync(path.join(dataDir, "replica", "standby.signal")).mtimeMs;
    const replicaPid = readPostmasterPid(path.join(dataDir, "replica"));
    process.kill(replicaPid, "SIGINT");
    while (isAlive(replicaPid)) await sleep(20);

    // wal_keep_size is 256 MB = 16 segments of 16 MB; 20 switches plus a checkpoint remove the
    // segments the stopped replica still needs.
    await query(first.primaryUrl, "create table behind (id int)");
    for (let id = 0; id < 20; id++) {
      await query(first.primaryUrl, "insert into behind values ($1)", [id]);
      await query(first.primaryUrl, "select pg_switch_wal()");
    }
    await query(first.primaryUrl, "checkpoint");
    await first.stop();

    const second = await startCluster(dataDir, true, ports);

    expect(fs.statSync(path.join(dataDir, "replica", "standby.signal")).mtimeMs).toBeGreaterThan(replicaBuiltAt);
    expect(await query(second.replicaUrl, "select count(*)::int as rows from behind")).toEqual([{ rows: 20 }]);
  });
});
