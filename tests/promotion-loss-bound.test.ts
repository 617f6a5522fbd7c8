import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recordAudit } from "@/lib/audit/repo";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import type { LossBound } from "@/lib/db/loss-bound";
import { startWalHistory, type WalHistory } from "@/lib/db/wal-history";
import type { ProcedureRunContext } from "@/lib/emergency/procedure";
import type { EmbeddedCluster } from "@/scripts/embedded-cluster";
import { query } from "./support/sql";
import { startMigratedCluster } from "./support/migrated-cluster";

// The asynchronous-mode data-loss bound on a primary + replica of this test's own: replication
// stalls (the walsender is stopped), writes go on, the primary is killed; the preview's bound must
// cover every acknowledged write the promotion then loses.
const STALL_MS = 3_000;
let cluster: EmbeddedCluster;
let dataDir: string;
let database: Database | undefined;
let history: WalHistory | undefined;
let stoppedWalSender: number | undefined;


const postmasterPid = () => Number(fs.readFileSync(path.join(dataDir, "primary", "postmaster.pid"), "utf8").split("\n")[0]);

function signal(pid: number | undefined, name: NodeJS.Signals) {
  if (pid === undefined) return;
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  ({ cluster, dataDir } = await startMigratedCluster("loss-bound-"));
}, 180_000);

afterAll(async () => {
  signal(stoppedWalSender, "SIGKILL");
  history?.stop();
  await database?.close();
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("replica promotion with the primary killed during a replication stall", () => {
  test("the bound covers the stall, and every acknowledged write lost was acknowledged after its confirmed time", async () => {
    const { createReplicaPromotionProcedure } = await import("@/lib/emergency/procedures/replica-promotion");
    database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: [cluster.replicaUrl], DB_REPLICA_HEALTH_INTERVAL_MS: 500, DB_WRITE_POOL_MIN: 0 });
    const app = database;
    history = startWalHistory(app);
    const procedure = createReplicaPromotionProcedure({ database: () => app, catchUpTimeoutMs: 10_000 });
    const acknowledged = new Map<string, number>();
    const write = async () => {
      const target = `drill:${randomUUID()}`;
      await recordAudit(app.primary, { actorUserId: "drill", actorEmail: "drill@agency.test", tenantId: null, action: "drill.write", target, before: null, after: null, requestId: randomUUID() });
      acknowledged.set(target, Date.now());
    };

    for (let index = 0; index < 20; index++) await write();
    await cluster.waitForReplicaReplay();
    await sleep(2_500); // a few WAL samples the replica has replayed
    await app.replication.sample();

    const [sender] = await query<{ pid: number }>(cluster.primaryUrl, "select pid from pg_stat_replication");
    stoppedWalSender = sender!.pid;
    process.kill(stoppedWalSender, "SIGSTOP");
    const stallStartedAt = Date.now();
    while (Date.now() - stallStartedAt < STALL_MS) await write();
    process.kill(postmasterPid(), "SIGKILL");
    signal(stoppedWalSender, "SIGKILL");
    await sleep(1_500); // the WAL history sees the primary stop answering

    const preview = await procedure.preview({}, { actor: { userId: "sre-1", email: "sre@agency.test" } });
    expect(preview.blockers).toEqual([]);
    const loss = preview.changes.find((change) => change.label === "possible data loss")!.to;
    expect(loss).toMatch(/^every write acknowledged after .* may be lost: the writes of the last \d+ s before the primary stopped answering/);
    expect(loss).not.toMatch(/up to 0 B/);
    expect(preview.warnings.join("\n")).toMatch(/replica1 has replayed up to [0-9A-F]+\/[0-9A-F]+/);
    expect(preview.warnings.join("\n")).toMatch(/s old: it says nothing about the writes after it/);

    const outcome = await procedure.run({}, runContext());
    const bound = outcome.details.lossBound as LossBound;
    const confirmedAtMs = Date.parse(bound.confirmedAt!);
    expect(confirmedAtMs).toBeLessThanOrEqual(stallStartedAt);
    expect(bound.boundSeconds).toBeGreaterThanOrEqual(STALL_MS / 1000);

    const survived = new Set((await query<{ target: string }>(cluster.replicaUrl, "select target from audit_entry where action = 'drill.write'")).map((row) => row.target));
    const lost = [...acknowledged].filter(([target]) => !survived.has(target));
    console.info(`acknowledged ${acknowledged.size}, lost ${lost.length}; bound: after ${bound.confirmedAt} (${bound.boundSeconds} s), ${bound.acknowledgedSince.auditEntries} audit entries at risk`);
    expect(lost.length).toBeGreaterThan(0); // the stall did lose writes: the drill tests something
    expect(lost.filter(([, ackedAtMs]) => ackedAtMs <= confirmedAtMs)).toEqual([]);
    expect(bound.acknowledgedSince.auditEntries).toBeGreaterThanOrEqual(lost.length);
  }, 120_000);
});

function runContext(): ProcedureRunContext {
  return {
    runId: randomUUID(),
    actor: { userId: "sre-1", email: "sre@agency.test" },
    approver: { userId: "admin-1", email: "admin@agency.test" },
    requestId: randomUUID(),
    signal: new AbortController().signal,
    progress: async () => {},
  };
}
