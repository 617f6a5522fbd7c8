import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, test } from "vitest";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster, type EmbeddedClusterOptions } from "@/scripts/embedded-cluster";
import { readTimeline } from "@/scripts/embedded-cluster/data-dirs";
import { deployMigrations } from "@/scripts/migrate";
import { query } from "./support/sql";

// A restart after a replica promotion: the promoted server must come back as the primary with
// every write made since, and the old primary must be rebuilt as its replica, not the reverse.
const startedClusters: EmbeddedCluster[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(startedClusters.splice(0).map((cluster) => cluster.stop()));
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function clusterOptions(): Promise<EmbeddedClusterOptions> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "failover-restart-"));
  tempDirs.push(dataDir);
  return { dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: true, log: () => {} };
}

async function startCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const cluster = await startEmbeddedCluster(options);
  startedClusters.push(cluster);
  return cluster;
}


const notesOn = async (url: string) => (await query<{ note: string }>(url, "select note from failover_write order by id")).map((row) => row.note);

function postmasterPid(serverDir: string): number {
  return Number.parseInt(fs.readFileSync(path.join(serverDir, "postmaster.pid"), "utf8"), 10);
}

async function waitUntilGone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(20);
  }
}

async function insertNotes(url: string, prefix: string, count: number): Promise<string[]> {
  const notes = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (const note of notes) await query(url, "insert into failover_write (note) values ($1)", [note]);
  return notes;
}

describe("embedded cluster restart after a failover", () => {
  test("the promoted server restarts as the primary with every write since the promotion; the old primary is kept aside and rebuilt as its replica", async () => {
    const options = await clusterOptions();
    const first = await startCluster(options);
    await deployMigrations(first.primaryUrl);
    await query(first.primaryUrl, "create table failover_write (id serial primary key, note text not null)");
    const beforeCrash = await insertNotes(first.primaryUrl, "before-crash", 30);
    await first.waitForReplicaReplay();

    // Writes acknowledged by the old primary that never reach the replica: its walsender is
    // frozen, then the whole primary is SIGKILLed.
    const [walsender] = await query<{ pid: number }>(first.primaryUrl, "select pid from pg_stat_replication");
    process.kill(walsender!.pid, "SIGSTOP");
    await insertNotes(first.primaryUrl, "unreplicated", 5);
    const primaryPid = postmasterPid(path.join(options.dataDir, "primary"));
    process.kill(primaryPid, "SIGKILL");
    process.kill(walsender!.pid, "SIGKILL");
    await waitUntilGone(primaryPid);

    // The promotion, as lib/db/promotion.ts records it.
    await query(first.replicaUrl, "select pg_promote(true, 60)");
    await query(
      first.replicaUrl,
      `insert into database_promotion (epoch, "promotedName", "promotedHost", "formerHost", "formerFencing")
       select coalesce(max(epoch), 0) + 1, 'replica1', '127.0.0.1', '127.0.0.1', 'epoch' from database_promotion`,
    );
    const afterPromotion = await insertNotes(first.replicaUrl, "after-promotion", 40);
    expect(readTimeline(path.join(options.dataDir, "replica"))).toBe(2);
    await first.stop();
    startedClusters.splice(0);

    const second = await startCluster(options);

    expect(await notesOn(second.primaryUrl)).toEqual([...beforeCrash, ...afterPromotion]);
    expect(await query(second.primaryUrl, "select epoch from database_promotion")).toEqual([{ epoch: 1 }]);
    expect(await query(second.primaryUrl, "select pg_is_in_recovery() as standby")).toEqual([{ standby: false }]);
    expect(await query(second.primaryUrl, "select application_name, state from pg_stat_replication")).toEqual([{ application_name: "replica1", state: "streaming" }]);
    await insertNotes(second.primaryUrl, "after-restart", 1);
    await second.waitForReplicaReplay();
    expect(await notesOn(second.replicaUrl)).toEqual([...beforeCrash, ...afterPromotion, "after-restart-0"]);
    expect(await query(second.replicaUrl, "select pg_is_in_recovery() as standby")).toEqual([{ standby: true }]);

    // The old primary, with the writes the failover lost, is kept for the loss measurement.
    const formerDir = path.join(options.dataDir, "former-primary-epoch-0");
    expect(fs.existsSync(path.join(formerDir, "PG_VERSION"))).toBe(true);
    expect(readTimeline(formerDir)).toBe(1);
    expect(readTimeline(path.join(options.dataDir, "primary"))).toBe(2);

    // A third start is an ordinary warm start: nothing moves.
    await second.stop();
    startedClusters.splice(0);
    const third = await startCluster(options);
    expect(await notesOn(third.primaryUrl)).toEqual([...beforeCrash, ...afterPromotion, "after-restart-0"]);
    expect(fs.readdirSync(options.dataDir).filter((name) => name.startsWith("former-primary-"))).toEqual(["former-primary-epoch-0"]);
  }, 180_000);

  test("a start that cannot tell which dir is the primary refuses, says what to do, and changes nothing", async () => {
    const options = await clusterOptions();
    const first = await startCluster(options);
    await query(first.primaryUrl, "create table failover_write (id serial primary key, note text not null)");
    await insertNotes(first.primaryUrl, "kept", 3);
    await first.waitForReplicaReplay();
    await first.stop();
    startedClusters.splice(0);
    // Both dirs now start as primaries on the same timeline.
    fs.rmSync(path.join(options.dataDir, "replica", "standby.signal"));
    const before = fs.readdirSync(options.dataDir).sort();

    const refused = startEmbeddedCluster(options);

    await expect(refused).rejects.toThrow(/Refusing to start the embedded database: .*both run as primaries.*move the dir whose writes you do not keep out of/s);
    expect(fs.readdirSync(options.dataDir).sort()).toEqual(before);
    expect(fs.existsSync(path.join(options.dataDir, "replica", "PG_VERSION"))).toBe(true);
  }, 120_000);

  test("a replica promoted without a recorded promotion epoch is not taken for the primary: the start refuses", async () => {
    const options = await clusterOptions();
    const first = await startCluster(options);
    await deployMigrations(first.primaryUrl);
    await first.waitForReplicaReplay();
    // pg_promote() alone: no database_promotion row, so no instance ever moved its writes there.
    await query(first.replicaUrl, "select pg_promote(true, 60)");
    await first.stop();
    startedClusters.splice(0);

    await expect(startEmbeddedCluster(options)).rejects.toThrow(/records promotion epoch 0, not newer than 0 .*the promotion was not recorded/s);
    expect(fs.readdirSync(options.dataDir).filter((name) => !name.endsWith(".log") && name !== "owner.pid").sort()).toEqual(["primary", "replica"]);
  }, 120_000);
});
