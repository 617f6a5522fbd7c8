import type { DetectorResult, DetectorState, ThresholdDescription } from "../types";
import { worstState } from "../types";

/** One in-process pool at one moment; failure counters are cumulative since the process started. */
export type PoolReading = { pool: string; target: string; total: number; idle: number; waiting: number; max: number; acquireFailuresTotal: number };

export type SessionGroup = { applicationName: string; state: string; count: number; oldestAgeSeconds: number };
export type IdleTransaction = { pid: number; applicationName: string; idleSeconds: number; transactionAgeSeconds: number; query: string };

/** What Postgres says about its connections (null when it could not be asked). */
export type ServerConnections = { maxConnections: number; reservedConnections: number; inUse: number; groups: SessionGroup[]; idleInTransaction: IdleTransaction[] };

export type PoolSample = {
  atMs: number;
  pools: PoolReading[];
  /** SQLSTATE 53300 ("too many connections") seen by this process, cumulative. */
  tooManyConnectionsTotal: number;
  server: ServerConnections | null;
};

export type PoolThresholds = {
  /** Share of a pool's connections in use (0–1): the guide scales up above 0.8. */
  utilizationWarning: number;
  /** Waiting clients in every sample over this long is critical (a blip is only a warning). */
  waitingSustainedMs: number;
  /** Share of max_connections in use on the server (0–1). */
  serverWarning: number;
  serverCritical: number;
  /** A transaction idle this long holds a connection (and its locks) doing nothing. */
  idleInTransactionWarningSeconds: number;
};

export const POOL_THRESHOLDS: PoolThresholds = { utilizationWarning: 0.8, waitingSustainedMs: 10_000, serverWarning: 0.8, serverCritical: 0.95, idleInTransactionWarningSeconds: 30 };

export type PoolEvidence = {
  pools: (PoolReading & { inUse: number; utilization: number; waitingSinceMs: number | null; acquireFailuresInWindow: number })[];
  tooManyConnectionsInWindow: number;
  server: ServerConnections | null;
  /** Waiting clients summed over the pools, per sample: the card's chart. */
  waitingSeries: [number, number][];
};

export const POOL_GUIDE_TEXT =
  "Symptom: requests wait for a connection, time out, or Postgres refuses new ones (\"too many connections\"). " +
  "Give the pool more connections only while max_connections has room; keep acquire timeouts short so callers fail fast; " +
  "put a pooler (PgBouncer) in front when many instances each hold their own pool; and end transactions that sit idle holding a connection.";

const key = (reading: { pool: string; target: string }) => `${reading.pool}/${reading.target}`;

function describeThresholds(t: PoolThresholds): ThresholdDescription[] {
  return [
    { label: "Pool connections in use", warning: `≥ ${t.utilizationWarning * 100} %`, critical: "100 % with clients waiting" },
    { label: "Clients waiting for a connection", warning: "> 0", critical: `> 0 for ${t.waitingSustainedMs / 1000} s` },
    { label: "Acquire timeouts / \"too many connections\" (53300)", warning: "—", critical: "any since the previous sample" },
    { label: "Server connections vs max_connections", warning: `≥ ${t.serverWarning * 100} %`, critical: `≥ ${t.serverCritical * 100} %` },
    { label: "Idle in transaction", warning: `≥ ${t.idleInTransactionWarningSeconds} s`, critical: "—" },
  ];
}

/** When the current unbroken run of waiting clients began, or null if nobody waits now. */
function waitingSince(samples: PoolSample[], poolKey: string): number | null {
  let since: number | null = null;
  for (let index = samples.length - 1; index >= 0; index--) {
    const reading = samples[index]!.pools.find((pool) => key(pool) === poolKey);
    if (!reading || reading.waiting === 0) break;
    since = samples[index]!.atMs;
  }
  return since;
}

/**
 * Pool exhaustion from the recent samples (oldest first). Failures count only when they grew
 * since the previous sample, so the card returns to ok one sample after the pressure ends.
 */
export function detectPoolExhaustion(samples: PoolSample[], t: PoolThresholds = POOL_THRESHOLDS): DetectorResult<PoolEvidence> {
  const latest = samples.at(-1);
  const previous = samples.at(-2);
  const reasons: { state: DetectorState; text: string }[] = [];
  const pools = (latest?.pools ?? []).map((reading) => {
    const before = previous?.pools.find((pool) => key(pool) === key(reading));
    const inUse = reading.total - reading.idle;
    const utilization = reading.max > 0 ? inUse / reading.max : 0;
    const since = waitingSince(samples, key(reading));
    const acquireFailuresInWindow = before ? Math.max(0, reading.acquireFailuresTotal - before.acquireFailuresTotal) : 0;
    const name = key(reading);
    if (reading.waiting > 0 && inUse >= reading.max) reasons.push({ state: "critical", text: `${name}: all ${reading.max} connections in use and ${reading.waiting} waiting` });
    else if (since !== null && latest!.atMs - since >= t.waitingSustainedMs) reasons.push({ state: "critical", text: `${name}: clients waiting for ${Math.round((latest!.atMs - since) / 1000)} s` });
    else if (reading.waiting > 0) reasons.push({ state: "warning", text: `${name}: ${reading.waiting} waiting` });
    if (acquireFailuresInWindow > 0) reasons.push({ state: "critical", text: `${name}: ${acquireFailuresInWindow} acquire timeouts/failures` });
    if (utilization >= t.utilizationWarning && reading.waiting === 0) reasons.push({ state: "warning", text: `${name}: ${Math.round(utilization * 100)} % in use` });
    return { ...reading, inUse, utilization, waitingSinceMs: since, acquireFailuresInWindow };
  });
  const tooMany = latest && previous ? Math.max(0, latest.tooManyConnectionsTotal - previous.tooManyConnectionsTotal) : 0;
  if (tooMany > 0) reasons.push({ state: "critical", text: `${tooMany} "too many connections" (53300) errors` });
  const server = latest?.server ?? null;
  if (server) {
    const usable = Math.max(1, server.maxConnections - server.reservedConnections);
    const share = server.inUse / usable;
    if (share >= t.serverCritical) reasons.push({ state: "critical", text: `server: ${server.inUse} of ${usable} usable connections` });
    else if (share >= t.serverWarning) reasons.push({ state: "warning", text: `server: ${server.inUse} of ${usable} usable connections` });
    const stuck = server.idleInTransaction.filter((session) => session.idleSeconds >= t.idleInTransactionWarningSeconds);
    if (stuck.length > 0) reasons.push({ state: "warning", text: `${stuck.length} sessions idle in transaction ≥ ${t.idleInTransactionWarningSeconds} s (pid ${stuck.map((s) => s.pid).join(", ")})` });
  }
  return {
    state: worstState(reasons.map((reason) => reason.state)),
    reasons: reasons.map((reason) => reason.text),
    thresholds: describeThresholds(t),
    evidence: {
      pools,
      tooManyConnectionsInWindow: tooMany,
      server,
      waitingSeries: samples.map((sample) => [sample.atMs, sample.pools.reduce((sum, pool) => sum + pool.waiting, 0)]),
    },
    remedies: [
      { title: "Pool size", detail: "Raise DB_WRITE_POOL_MAX / DB_READ_POOL_MAX if max_connections has room for every instance's pool (instances × pool max + headroom)." },
      { title: "Timeouts", detail: "Keep DB_ACQUIRE_TIMEOUT_MS short (fail fast with 503) and DB_STATEMENT_TIMEOUT_MS bounded so a slow query cannot hold a connection for long." },
      { title: "A pooler", detail: "With many instances, put PgBouncer (transaction pooling) between the app and Postgres instead of growing max_connections." },
      { title: "Idle transactions", detail: "Find the sessions idle in transaction below and fix the code path that leaves them open; set idle_in_transaction_session_timeout." },
    ],
    guideText: POOL_GUIDE_TEXT,
  };
}
