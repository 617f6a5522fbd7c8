import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { toAppErrorFromDatabase } from "@/lib/db/errors";
import { isServerReadOnly } from "@/lib/db/fencing";
import type { ProcedureProgress, ProcedureRunContext } from "@/lib/emergency/procedure";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { deployMigrations } from "@/scripts/migrate";
import { query } from "./support/sql";
import { startMigratedCluster } from "./support/migrated-cluster";

// A promotion drill on a primary + streaming replica of this test's own (not the shared test
// cluster: the primary is stopped, the replica promoted and the old primary brought back).
let cluster: EmbeddedCluster;
let planned: EmbeddedCluster | undefined;
let dataDir: string;
const databases: Database[] = [];


function openDatabase(primaryUrl: string, replicaUrl: string): Database {
  const database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: [replicaUrl], DB_REPLICA_HEALTH_INTERVAL_MS: 200, DB_WRITE_POOL_MIN: 0 });
  databases.push(database);
  return database;
}

function runContext(progress: ProcedureProgress[]): ProcedureRunContext {
  return {
    runId: randomUUID(),
    actor: { userId: "sre-1", email: "sre@agency.test" },
    approver: { userId: "admin-1", email: "admin@agency.test" },
    requestId: randomUUID(),
    signal: new AbortController().signal,
    progress: async (update) => void progress.push(update),
  };
}

const insertNote = (database: Database, note: string) => database.primary.$executeRaw`insert into drill_write (note) values (${note})`;

beforeAll(async () => {
  ({ cluster, dataDir } = await startMigratedCluster("promotion-drill-", (url) => query(url, "create table drill_write (id serial primary key, note text not null)")));
}, 180_000);

afterAll(async () => {
  await Promise.all(databases.map((database) => database.close()));
  await cluster?.stop();
  await planned?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("read-replica promotion drill on a real primary + streaming replica", () => {
  test("stop the primary, promote: acknowledged and replayed writes survive, writes go on, the old primary is refused when it returns", async () => {
    const { createReplicaPromotionProcedure } = await import("@/lib/emergency/procedures/replica-promotion");
    const app = openDatabase(cluster.primaryUrl, cluster.replicaUrl);
    // Another running instance: it hears of the promotion from its replica health check alone.
    const other = openDatabase(cluster.primaryUrl, cluster.replicaUrl);
    const procedure = createReplicaPromotionProcedure({ database: () => app, catchUpTimeoutMs: 10_000 });
    expect(procedure).toMatchObject({ requiresSecondApproval: true, requiresDataLossAcknowledgement: true });

    const acknowledged: string[] = [];
    for (let index = 0; index < 60; index++) {
      const note = `before-stop-${index}`;
      await insertNote(app, note);
      acknowledged.push(note);
    }
    await cluster.waitForReplicaReplay();
    await app.replication.sample(); // the lag while the primary still answers: the data-loss window

    await cluster.stopPrimary();
    const preview = await procedure.preview({}, { actor: { userId: "sre-1", email: "sre@agency.test" } });
    expect(preview.blockers).toEqual([]);
    expect(preview.changes).toContainEqual({ label: "fencing epoch", from: "0", to: "1" });
    expect(preview.warnings.join(" ")).toMatch(/does not answer/);

    const progress: ProcedureProgress[] = [];
    const outcome = await procedure.run({}, runContext(progress));
    const promotedAt = performance.now();
    // No lag is measured with the primary down: none is claimed from the last sample before the stop.
    expect(outcome.details).toMatchObject({ epoch: 1, promoted: "replica1", formerFencing: "epoch", lagBytes: null });
    expect(progress.map((update) => update.message).join("\n")).toMatch(/pg_promote/);
    expect(app.targets.primary.url).toBe(cluster.replicaUrl);
    expect(await query(cluster.replicaUrl, "select pg_is_in_recovery() as standby")).toEqual([{ standby: false }]);

    // Writes succeed on the new primary through the same pools and clients.
    await insertNote(app, "after-promotion");
    for (let attempt = 0; attempt < 50 && other.targets.primary.url !== cluster.replicaUrl; attempt++) await sleep(100);
    expect(other.targets.primary.url).toBe(cluster.replicaUrl);
    console.info(`another instance repointed its writes ${(performance.now() - promotedAt).toFixed(0)} ms after the promotion (health interval 200 ms)`);
    const notes = (await query<{ note: string }>(cluster.replicaUrl, "select note from drill_write order by id")).map((row) => row.note);
    expect(notes).toEqual([...acknowledged, "after-promotion"]);
    expect(app.replication.current().replicas).toEqual([]); // the promoted replica left the read rotation
    // The drill is recorded (on the new primary) for the "Failover scenarios tested" checklist item.
    expect(await query(cluster.replicaUrl, "select kind::text, succeeded, summary from drill")).toEqual([
      // No WAL history in this process (startWalHistory): the bound is honestly unknown.
      { kind: "promotion", succeeded: true, summary: "replica1 promoted to primary (epoch 1); possible data loss: unknown, possibly every write since this instance started" },
    ]);

    // The old primary comes back as it was (read-write, epoch 0). startPrimary() waits for the
    // replica to stream from it, which a promoted server never does: its timeout is expected.
    await cluster.startPrimary().catch(() => {});
    expect(await query(cluster.primaryUrl, "select pg_is_in_recovery() as standby")).toEqual([{ standby: false }]);

    // An instance restarted with the old settings (primary = old, replica = the promoted one):
    // its first write connection finds the newer epoch and refuses the old primary...
    const stale = openDatabase(cluster.primaryUrl, cluster.replicaUrl);
    const refused = await insertNote(stale, "stale-write").catch((error: unknown) => error);
    expect(toAppErrorFromDatabase(refused)).toMatchObject({ status: 503 });
    // ...and from then on writes where the promotion put them.
    await insertNote(stale, "stale-instance-retry");
    expect(stale.targets.primary.url).toBe(cluster.replicaUrl);
    await insertNote(app, "still-new-primary");

    const onNew = (await query<{ note: string }>(cluster.replicaUrl, "select note from drill_write order by id")).map((row) => row.note);
    expect(onNew.slice(-2)).toEqual(["stale-instance-retry", "still-new-primary"]);
    const onOld = (await query<{ count: number }>(cluster.primaryUrl, "select count(*)::int as count from drill_write"))[0]!.count;
    expect(onOld).toBe(acknowledged.length);
    // Seen again, the old primary is also made read-only on the server, for connections outside the pools.
    for (let attempt = 0; attempt < 50 && !(await isServerReadOnly(cluster.primaryUrl)); attempt++) await sleep(100);
    expect(await isServerReadOnly(cluster.primaryUrl)).toBe(true);
    await expect(query(cluster.primaryUrl, "insert into drill_write (note) values ('direct')")).rejects.toThrow(/read-only/);
    expect(await query(cluster.replicaUrl, 'select epoch, "promotedName", "formerFencing", "lagBytes"::int as "lagBytes" from database_promotion')).toEqual([
      { epoch: 1, promotedName: "replica1", formerFencing: "epoch", lagBytes: null },
    ]);
  }, 120_000);

  test("planned promotion with the primary up: refused for a login that cannot fence; with one that can, the primary is set read-only first and nothing is lost", async () => {
    const { createReplicaPromotionProcedure } = await import("@/lib/emergency/procedures/replica-promotion");
    planned = await startEmbeddedCluster({ dataDir: path.join(dataDir, "planned"), primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
    await deployMigrations(planned.primaryUrl);
    await query(planned.primaryUrl, "create table drill_write (id serial primary key, note text not null)");
    await query(planned.primaryUrl, "create role drill_app login password 'drill-app-password'");
    await query(planned.primaryUrl, "grant select, insert on all tables in schema public to drill_app; grant usage on all sequences in schema public to drill_app");
    await planned.waitForReplicaReplay();
    const previewContext = { actor: { userId: "sre-1", email: "sre@agency.test" } };

    // A login without ALTER SYSTEM and pg_promote(): nothing shows the old primary fenced.
    const asApp = (url: string) => url.replace("postgres:postgres@", "drill_app:drill-app-password@");
    const limited = openDatabase(asApp(planned.primaryUrl), asApp(planned.replicaUrl));
    const refusedPreview = await createReplicaPromotionProcedure({ database: () => limited, catchUpTimeoutMs: 10_000 }).preview({}, previewContext);
    expect(refusedPreview.blockers).toEqual(expect.arrayContaining([expect.stringMatching(/may not run pg_promote\(\)/), expect.stringMatching(/cannot be shown fenced/)]));

    const app = openDatabase(planned.primaryUrl, planned.replicaUrl);
    const procedure = createReplicaPromotionProcedure({ database: () => app, catchUpTimeoutMs: 10_000 });
    // Writes right up to the promotion, not waited for on the replica: the catch-up covers them.
    const acknowledged: string[] = [];
    for (let index = 0; index < 40; index++) {
      await insertNote(app, `planned-${index}`);
      acknowledged.push(`planned-${index}`);
    }
    const preview = await procedure.preview({}, previewContext);
    expect(preview.blockers).toEqual([]);
    expect(preview.changes).toContainEqual(expect.objectContaining({ label: "old primary", from: "read-write" }));

    const outcome = await procedure.run({}, runContext([]));
    expect(outcome.details).toMatchObject({ epoch: 1, formerFencing: "read-only", lagBytes: 0, lagSeconds: 0 });
    const notes = (await query<{ note: string }>(planned.replicaUrl, "select note from drill_write order by id")).map((row) => row.note);
    expect(notes).toEqual(acknowledged);
    // The old primary still runs, read-only for everyone, and the pools write to the new one.
    expect(await isServerReadOnly(planned.primaryUrl)).toBe(true);
    await expect(query(planned.primaryUrl, "insert into drill_write (note) values ('direct')")).rejects.toThrow(/read-only/);
    await insertNote(app, "after-planned-promotion");
    expect((await query<{ note: string }>(planned.replicaUrl, "select note from drill_write order by id desc limit 1"))[0]!.note).toBe("after-planned-promotion");
  }, 120_000);
});
