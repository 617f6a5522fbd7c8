import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { measureActualLoss, type ActualLoss } from "@/lib/db/data-loss";
import { FencedPrimaryError, hostOf, isServerReadOnly } from "@/lib/db/fencing";
import { assessPromotion, promoteReplica } from "@/lib/db/promotion";
import { LeaderElection } from "@/lib/control-loop/leader";
import { DiagnosticsConnection } from "@/lib/diagnostics/postgres";
import { createJobQueue } from "@/lib/queue";
import type { EmbeddedCluster } from "@/scripts/embedded-cluster";
import { startMigratedCluster } from "./support/migrated-cluster";

// The old primary crashes with writes the replica never received (its walsender stopped first),
// the replica is promoted while the old primary is down, then the old primary is restarted as it
// was: writable, epoch 0. Nothing points an instance at it; the promoting process's watch must
// set it read-only within one interval, the queue's and the election's connections must be
// refused there, and the actual loss must list exactly the rows written during the stall.
let cluster: EmbeddedCluster;
let dataDir: string;
const databases: Database[] = [];

async function query<Row extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

async function insertAudit(url: string, target: string): Promise<string> {
  const id = randomUUID();
  await query(url, `insert into audit_entry (id, "actorUserId", "actorEmail", action, target, "requestId") values ($1, 'sre-1', 'sre@agency.test', 'drill.write', $2, $3)`, [id, target, randomUUID()]);
  return id;
}

async function insertRun(url: string, status: "running" | "succeeded"): Promise<string> {
  const id = randomUUID();
  await query(
    url,
    `insert into procedure_run (id, procedure, input, preview, status, "requestedByUserId", "requestedByEmail", "idempotencyKey", "requestId", "updatedAt")
     values ($1, $2, '{}', '{}', $3::"ProcedureRunStatus", 'sre-1', 'sre@agency.test', $4, $5, now())`,
    [id, status === "running" ? "replica-promotion" : `drill-${id}`, status, randomUUID(), randomUUID()],
  );
  return id;
}

/** Every process of the primary: the postmaster (first line of postmaster.pid) and its children. */
function primaryProcesses(): { postmaster: number; children: number[] } {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, "primary", "postmaster.pid"), "utf8").split("\n")[0]);
  const children = fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // Fields after the parenthesised command: state, ppid.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return { postmaster, children };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

beforeAll(async () => {
  ({ cluster, dataDir } = await startMigratedCluster("promotion-pending-fence-", (url) => query(url, "create table drill_write (id serial primary key, note text not null)")));
}, 180_000);

afterAll(async () => {
  await Promise.all(databases.map((database) => database.close()));
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("a promotion with the old primary down leaves it to be fenced the moment it answers", () => {
  test("the restarted old primary is read-only within one watch interval, refuses the queue and the election, and its extra rows are the measured loss", async () => {
    const app = createDatabase({ ...defaultDbSettings(), DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: [cluster.replicaUrl], DB_REPLICA_HEALTH_INTERVAL_MS: 200, DB_WRITE_POOL_MIN: 0 });
    databases.push(app);
    const runId = await insertRun(cluster.primaryUrl, "running");
    for (let index = 0; index < 5; index++) await insertAudit(cluster.primaryUrl, `drill:replicated-${index}`);
    await app.primary.$executeRaw`insert into drill_write (note) select 'replicated-' || n from generate_series(1, 10) n`;
    await cluster.waitForReplicaReplay();
    await app.replication.sample();
    // The diagnostics' own connection, following the primary writes go to.
    const diagnostics = new DiagnosticsConnection(() => app.primaryUrl());
    const serverPort = async () => (await diagnostics.query<{ port: number }>("select inet_server_port() as port")).rows[0]!.port;
    expect(await serverPort()).toBe(cluster.primaryPort);

    // Replication stalls: the walsender is stopped, then acknowledged writes only the old primary has.
    const [walsender] = await query<{ pid: number }>(cluster.primaryUrl, "select pid from pg_stat_replication");
    process.kill(walsender!.pid, "SIGSTOP");
    const stalledAudit: string[] = [];
    for (let index = 0; index < 6; index++) stalledAudit.push(await insertAudit(cluster.primaryUrl, `drill:stalled-${index}`));
    const stalledRuns = [await insertRun(cluster.primaryUrl, "succeeded"), await insertRun(cluster.primaryUrl, "succeeded")];
    await query(cluster.primaryUrl, "insert into drill_write (note) select 'stalled-' || n from generate_series(1, 11) n");
    expect(await query(cluster.replicaUrl, "select count(*)::int as count from drill_write")).toEqual([{ count: 10 }]);

    // The crash: every process of the primary is killed at once (the stopped walsender never sends).
    const { postmaster, children } = primaryProcesses();
    process.kill(postmaster, "SIGKILL");
    for (const child of children) process.kill(child, "SIGKILL");
    await waitUntil(async () => !fs.existsSync(`/proc/${postmaster}`), 5_000);

    const assessment = await assessPromotion(app);
    expect(assessment.primary.reachable).toBe(false);
    const result = await promoteReplica(app, assessment, { runId, catchUpTimeoutMs: 1_000, onStep: async () => {} });
    expect(result).toMatchObject({ epoch: 1, formerFencing: "epoch" });
    expect(result.promotedLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const [pending] = await query<{ formerFencedAt: Date | null; promotedLsn: string; promotedXmin: string }>(
      cluster.replicaUrl,
      `select "formerFencedAt", "promotedLsn", "promotedXmin"::text as "promotedXmin" from database_promotion where epoch = 1`,
    );
    expect(pending).toMatchObject({ formerFencedAt: null, promotedLsn: result.promotedLsn });
    expect(pending!.promotedXmin).toMatch(/^\d+$/);
    expect(await serverPort()).toBe(cluster.replicaPort);
    await diagnostics.close();

    // The old primary is restarted as it was. startPrimary() then waits for the replica to stream
    // from it, which a promoted server never does: that wait fails later and is ignored.
    const restarting = cluster.startPrimary().catch(() => {});
    expect(await waitUntil(async () => (await query(cluster.primaryUrl, "select 1 as up")).length === 1, 30_000)).toBe(true);
    const answeredAt = performance.now();
    expect(await query(cluster.primaryUrl, "select pg_is_in_recovery() as standby, current_setting('default_transaction_read_only') as read_only")).toEqual([{ standby: false, read_only: "off" }]);
    expect(await waitUntil(() => isServerReadOnly(cluster.primaryUrl), 5_000)).toBe(true);
    const readOnlyAfterMs = performance.now() - answeredAt;
    console.info(`the restarted old primary was read-only ${(readOnlyAfterMs / 1000).toFixed(2)} s after it first answered (watch interval 2 s)`);
    expect(readOnlyAfterMs).toBeLessThan(3_000);
    await expect(query(cluster.primaryUrl, "insert into drill_write (note) values ('direct')")).rejects.toThrow(/read-only/);

    // The job queue's and the election's connections run the write pool's check and are refused there.
    const check = (client: pg.ClientBase, url: string) => app.promotion.fence.verifyWriteConnection(client, url);
    const staleQueue = createJobQueue(cluster.primaryUrl, { onError: () => {}, checkConnection: check });
    const refused = await staleQueue.start().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FencedPrimaryError);
    const oldHost = hostOf(cluster.primaryUrl);
    const newHost = hostOf(cluster.replicaUrl);
    expect((refused as FencedPrimaryError).message).toBe(`${oldHost} is a former primary (fencing epoch 0; the current epoch is 1, primary ${newHost}); writes to ${oldHost} are refused`);
    expect(refused).toMatchObject({ refusedHost: oldHost, primaryHost: newHost });
    let staleLeads = false;
    const staleElection = new LeaderElection(() => cluster.primaryUrl, 60_000, { onLead: () => (staleLeads = true), onLose: () => {} }, check);
    staleElection.start();
    let leads = false;
    const election = new LeaderElection(() => app.primaryUrl(), 60_000, { onLead: () => (leads = true), onLose: () => {} }, check);
    election.start();
    expect(await waitUntil(async () => leads, 5_000)).toBe(true);
    await sleep(500);
    expect(staleLeads).toBe(false);
    expect(await query(cluster.primaryUrl, "select count(*)::int as count from pg_locks where locktype = 'advisory'")).toEqual([{ count: 0 }]);
    await Promise.all([staleElection.stop(), election.stop()]);

    // The watch measured the loss right after fencing and recorded it on the promotion, the run and the audit log.
    expect(await waitUntil(async () => (await query(cluster.replicaUrl, `select 1 from database_promotion where "actualLoss" is not null`)).length === 1, 10_000)).toBe(true);
    const [promotion] = await query<{ actualLoss: ActualLoss; formerFencedAt: Date | null }>(cluster.replicaUrl, `select "actualLoss", "formerFencedAt" from database_promotion where epoch = 1`);
    expect(promotion!.formerFencedAt).toBeInstanceOf(Date);
    const loss = promotion!.actualLoss;
    const byTable = Object.fromEntries(loss.tables.map((table) => [table.table, table]));
    expect(byTable.audit_entry).toMatchObject({ missingRows: 6, idsTruncated: false });
    expect([...byTable.audit_entry!.ids!].sort()).toEqual([...stalledAudit].sort());
    expect(byTable.procedure_run).toMatchObject({ missingRows: 2 });
    expect([...byTable.procedure_run!.ids!].sort()).toEqual([...stalledRuns].sort());
    expect(byTable.drill_write).toEqual({ table: "drill_write", missingRows: 11, isCountCapped: false });
    expect(loss).toMatchObject({ missingRowsTotal: 19, basis: "transaction horizon", promotedLsn: result.promotedLsn, formerHost: oldHost, promotedHost: newHost });
    expect(loss.walBytes).toBeGreaterThan(0);
    console.info(`actual loss: ${loss.missingRowsTotal} rows, ${loss.walBytes} B of WAL past ${loss.promotedLsn}`);
    const [run] = await query<{ loss: ActualLoss }>(cluster.replicaUrl, `select outcome -> 'details' -> 'actualLoss' as loss from procedure_run where id = $1`, [runId]);
    expect(run!.loss.missingRowsTotal).toBe(19);
    expect(await query(cluster.replicaUrl, `select target, "tenantId" from audit_entry where action = 'database.actual_loss'`)).toEqual([{ target: "database_promotion:1", tenantId: null }]);

    // The same measurement on demand (the cluster's restart code calls it), also with every key compared.
    const again = await measureActualLoss(cluster.primaryUrl, cluster.replicaUrl);
    expect(again.tables).toEqual(loss.tables);
    const everyKey = await measureActualLoss(cluster.primaryUrl, cluster.replicaUrl, result.promotedLsn, { promotedXmin: null });
    expect(everyKey.basis).toBe("every primary key");
    expect(Object.fromEntries(everyKey.tables.map((table) => [table.table, table.missingRows]))).toMatchObject({ audit_entry: 6, procedure_run: 2, drill_write: 11 });
    await restarting;
  }, 180_000);
});
