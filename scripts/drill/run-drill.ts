import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { LossBound } from "../../lib/db/loss-bound";
import type { DrillApp } from "./app";
import type { DrillDatabase } from "./cluster";
import { killPrimary, stallReplication } from "./crash";
import { ApiSession } from "./http";
import { startLoad } from "./load";
import { promoteThroughApi } from "./promote";

export type DrillOptions = {
  loadSeconds: number;
  /** SIGSTOP the walsender this long before the crash; 0: no stall. */
  stallMs: number;
  writers: number;
  readers: number;
  writesPerSecond: number;
  promoteTimeoutMs: number;
  /** How long the operators take to start the promotion after the crash. */
  reactionMs: number;
};

export type DrillCheck = { name: string; ok: boolean; detail: string };

export type DrillReport = {
  mode: DrillDatabase["mode"];
  acknowledged: number;
  unacknowledgedWrites: number;
  lost: number;
  lossBound: LossBound | null;
  previewLoss: string | null;
  reads: number;
  failedReads: number;
  crashToFirstWriteSeconds: number | null;
  writeLatencyMs: { p50: number; p95: number } | null;
  promotionSeconds: number | null;
  promotionRefusals: string[];
  promotionError: string | null;
  checks: DrillCheck[];
};

const WRITER = "lead@copperleaf.test"; // tenant admin of Copperleaf
const READER = "member@agency.test"; // member of Copperleaf
const REQUESTER = "sre@agency.test";
const APPROVER = "admin@agency.test";
const WRITES_RESUME_TIMEOUT_MS = 30_000;
const AFTER_FIRST_WRITE_MS = 2_000;

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function signInAll(app: DrillApp, tenantId: string, options: DrillOptions) {
  const signIn = (email: string) => ApiSession.signIn(app.fetcher, app.origin, email);
  const writers = await Promise.all(Array.from({ length: options.writers }, async () => (await signIn(WRITER)).inTenant(tenantId)));
  const readers = await Promise.all(Array.from({ length: options.readers }, async () => (await signIn(READER)).inTenant(tenantId)));
  return { writers, readers, requester: await signIn(REQUESTER), approver: await signIn(APPROVER) };
}

/**
 * One drill: load, (stall,) crash the primary, promote through the API, then check every
 * acknowledged write against the new primary.
 */
export async function runDrill(database: DrillDatabase, app: DrillApp, options: DrillOptions): Promise<DrillReport> {
  const { cluster } = database;
  const tenantId = await onServer(cluster.primaryUrl, async (client) => (await client.query<{ id: string }>("select id from tenant where slug = 'copperleaf'")).rows[0]!.id);
  const sessions = await signInAll(app, tenantId, options);
  const categories = await sessions.writers[0]!.call("GET", "/api/v1/template-categories");
  const slug = (categories.body as { items?: { slug: string }[] } | null)?.items?.[0]?.slug;
  if (!slug) throw new Error(`no template category to write to (${categories.status})`);

  const load = startLoad({ writers: sessions.writers, readers: sessions.readers, categorySlug: slug, writesPerSecond: options.writesPerSecond });
  await sleep(options.loadSeconds * 1000);
  const stalled = options.stallMs > 0 ? await stallReplication(cluster.primaryUrl) : [];
  if (stalled.length > 0) await sleep(options.stallMs);
  const crashAtMs = Date.now();
  killPrimary(database.dataDir, stalled);
  await sleep(options.reactionMs);

  const promotion = await promoteThroughApi(sessions.requester, sessions.approver, options.promoteTimeoutMs);
  const promotedAtMs = Date.now();
  for (let waited = 0; load.firstWriteAckAfter(crashAtMs) === null && waited < WRITES_RESUME_TIMEOUT_MS; waited += 250) await sleep(250);
  await sleep(AFTER_FIRST_WRITE_MS);
  const result = await load.stop();

  const ids = [...result.acknowledged.keys()];
  const survived = new Set(
    promotion.run?.status === "succeeded"
      ? await onServer(cluster.replicaUrl, async (client) => (await client.query<{ id: string }>("select id::text as id from template where id = any($1::uuid[])", [ids])).rows.map((row) => row.id))
      : [],
  );
  const lost = [...result.acknowledged].filter(([id]) => !survived.has(id));
  const failedReads = result.failedReads.length + result.notFound.filter(({ id }) => survived.has(id)).length;
  const lossBound = (promotion.run?.outcome?.details.lossBound as LossBound | null | undefined) ?? null;
  const firstWriteAfterCrash = load.firstWriteAckAfter(crashAtMs);
  const report: DrillReport = {
    mode: database.mode,
    acknowledged: result.acknowledged.size,
    unacknowledgedWrites: result.unacknowledgedWrites,
    lost: lost.length,
    lossBound,
    previewLoss: promotion.preview?.changes.find((change) => change.label === "possible data loss")?.to ?? null,
    reads: result.reads,
    failedReads,
    crashToFirstWriteSeconds: firstWriteAfterCrash === null ? null : (firstWriteAfterCrash - crashAtMs) / 1000,
    writeLatencyMs: percentiles(result.writeLatenciesMs),
    promotionSeconds: promotion.run?.status === "succeeded" ? (promotedAtMs - crashAtMs) / 1000 : null,
    promotionRefusals: promotion.refusals,
    promotionError: promotion.error,
    checks: [],
  };
  report.checks = checksOf(report, lost);
  return report;
}

function percentiles(values: number[]): DrillReport["writeLatencyMs"] {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

function checksOf(report: DrillReport, lost: [string, number][]): DrillCheck[] {
  const checks: DrillCheck[] = [
    { name: "promotion through HTTP with the primary down", ok: report.promotionError === null, detail: report.promotionError ?? `run succeeded ${report.promotionSeconds?.toFixed(1)} s after the crash` },
  ];
  if (report.mode === "sync") {
    checks.push({ name: "lost = 0", ok: report.promotionError === null && report.lost === 0, detail: `${report.lost} acknowledged writes lost` });
  } else {
    const confirmedAtMs = report.lossBound?.confirmedAt ? Date.parse(report.lossBound.confirmedAt) : null;
    const outside = confirmedAtMs === null ? lost.length : lost.filter(([, ackedAtMs]) => ackedAtMs <= confirmedAtMs).length;
    checks.push({
      name: "lost ≤ bound (every lost write acknowledged after the bound's confirmedAt)",
      ok: report.promotionError === null && report.lossBound !== null && (report.lost === 0 || (confirmedAtMs !== null && outside === 0)),
      detail: report.lossBound === null ? "the run reported no bound" : `${report.lost} lost, ${outside} of them acknowledged at or before ${report.lossBound.confirmedAt ?? "(unknown)"}`,
    });
  }
  checks.push(
    { name: "0 failed reads", ok: report.failedReads === 0, detail: `${report.failedReads} of ${report.reads}` },
    { name: "writes resume after the promotion", ok: report.crashToFirstWriteSeconds !== null, detail: report.crashToFirstWriteSeconds === null ? "no write acknowledged after the crash" : `${report.crashToFirstWriteSeconds.toFixed(1)} s after the crash` },
  );
  return checks;
}

export function formatDrillReport(report: DrillReport): string {
  const bound = report.lossBound;
  const lines = [
    `failover drill, ${report.mode} mode`,
    `  acknowledged writes:        ${report.acknowledged} (${report.unacknowledgedWrites} not acknowledged; latency p50 ${report.writeLatencyMs?.p50 ?? "?"} ms, p95 ${report.writeLatencyMs?.p95 ?? "?"} ms)`,
    `  lost acknowledged writes:   ${report.lost}`,
    `  reported bound:             ${bound ? (bound.confirmedAt ? `writes acknowledged after ${bound.confirmedAt} (${bound.boundSeconds} s); at risk on this instance: ${bound.acknowledgedSince.auditEntries} audit entries, ${bound.acknowledgedSince.executions} executions; replica replayed ${bound.replayLsn}` : `unknown since ${bound.unknownSince ?? "start"}`) : "none reported"}`,
    `  preview said:               ${report.previewLoss ?? "(no preview)"}`,
    // Informational: the instance counts an audit entry when it is written inside its transaction,
    // so a write in flight at the confirmed time can be lost without being counted.
    `  lost vs counted at risk:    ${report.lost} lost, ${bound?.acknowledgedSince.auditEntries ?? "?"} audit entries (one per template) counted after the confirmed time`,
    `  failed reads:               ${report.failedReads} of ${report.reads}`,
    `  crash → first write:        ${report.crashToFirstWriteSeconds === null ? "never" : `${report.crashToFirstWriteSeconds.toFixed(1)} s`}`,
    `  promotion refusals:         ${report.promotionRefusals.length}${report.promotionRefusals.length ? ` (first: ${report.promotionRefusals[0]})` : ""}`,
    ...report.checks.map((check) => `  ${check.ok ? "PASS" : "FAIL"} ${check.name}: ${check.detail}`),
  ];
  return lines.join("\n");
}
