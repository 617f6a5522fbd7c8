import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Database } from "./client";
import { canSetServerReadOnly, hostOf, isServerReadOnly, readServerRole, setServerReadOnly } from "./fencing";
import { startFormerPrimaryWatch } from "./former-primary-watch";
import { withTimeout } from "./replication";

// Promoting a read replica to primary: choose the most caught-up replica, fence the old primary,
// pg_promote(), record the new fencing epoch on the new primary and repoint this process. Other
// processes follow through the fence (lib/db/fencing.ts) when told, or when their replica health
// check finds the promoted server.

const PROBE_TIMEOUT_MS = 2_000;
const PROMOTE_WAIT_SECONDS = 60;
const CATCH_UP_POLL_MS = 100;

type PrimaryProbe = { host: string; reachable: boolean; isReadOnly: boolean; canFence: boolean; walLsn: string | null; error?: string };

export type PromotionCandidate = {
  name: string;
  host: string;
  reachable: boolean;
  inRecovery: boolean;
  replayPaused: boolean;
  receiveLsn: string | null;
  replayLsn: string | null;
  /** Behind the primary's WAL (exact when the primary answers, else at the last sample while it did). */
  lagBytes: number | null;
  lagSeconds: number | null;
  lagMeasuredAt: string | null;
  canPromote: boolean;
  isTracked: boolean;
  epoch: number;
  error?: string;
};

export type PromotionAssessment = { primary: PrimaryProbe; candidates: PromotionCandidate[]; chosen: PromotionCandidate | null };

export type PromotionResult = {
  epoch: number;
  promoted: string;
  promotedHost: string;
  formerHost: string;
  /**
   * `read-only`: set read-only on the server; `epoch`: unreachable, refused by every write pool,
   * and recorded as still to be fenced: every instance sets it read-only the moment it answers.
   */
  formerFencing: "read-only" | "epoch";
  /** Where the promoted server's timeline leaves the former primary's WAL (its last replayed position). */
  promotedLsn: string | null;
  lagBytes: number | null;
  lagSeconds: number | null;
  lagBasis: string;
  durationMs: number;
};

/** `16/B374D848` as a number of bytes (BigInt: LSNs exceed 2^53 in principle). */
function lsnToBigInt(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

const lsnDiff = (ahead: string, behind: string) => Number(lsnToBigInt(ahead) - lsnToBigInt(behind) > 0n ? lsnToBigInt(ahead) - lsnToBigInt(behind) : 0n);

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, application_name: "agency-toolkit-promotion" });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function probePrimary(url: string): Promise<PrimaryProbe> {
  const host = hostOf(url);
  try {
    const walLsn = await withTimeout(
      onServer(url, async (client) => (await client.query<{ lsn: string | null }>("select case when pg_is_in_recovery() then null else pg_current_wal_lsn()::text end as lsn")).rows[0]!.lsn),
    );
    const [isReadOnly, canFence] = await Promise.all([withTimeout(isServerReadOnly(url)), withTimeout(canSetServerReadOnly(url))]);
    return { host, reachable: true, isReadOnly, canFence, walLsn };
  } catch (error) {
    return { host, reachable: false, isReadOnly: false, canFence: false, walLsn: null, error: messageOf(error) };
  }
}

type ReplicaRow = { in_recovery: boolean; replay_paused: boolean; receive_lsn: string | null; replay_lsn: string | null; replay_age: number | null; can_promote: boolean };

async function probeReplica(database: Database, name: string, url: string, primary: PrimaryProbe): Promise<PromotionCandidate> {
  const host = hostOf(url);
  try {
    const { row, role, tracked } = await withTimeout(
      onServer(url, async (client) => {
        const result = await client.query<ReplicaRow>(`
          select pg_is_in_recovery() as in_recovery,
                 case when pg_is_in_recovery() then pg_is_wal_replay_paused() else false end as replay_paused,
                 pg_last_wal_receive_lsn()::text as receive_lsn, pg_last_wal_replay_lsn()::text as replay_lsn,
                 extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as replay_age,
                 has_function_privilege('pg_promote(boolean, integer)', 'execute') as can_promote`);
        const tracking = await client.query<{ tracked: boolean }>("select to_regclass('public.database_promotion') is not null as tracked");
        return { row: result.rows[0]!, role: await readServerRole(client), tracked: tracking.rows[0]!.tracked };
      }),
    );
    const lag = measureLag(database, name, primary, row);
    return {
      name,
      host,
      reachable: true,
      inRecovery: row.in_recovery,
      replayPaused: row.replay_paused,
      receiveLsn: row.receive_lsn,
      replayLsn: row.replay_lsn,
      ...lag,
      canPromote: row.can_promote,
      isTracked: tracked,
      epoch: role.epoch,
    };
  } catch (error) {
    return { name, host, reachable: false, inRecovery: false, replayPaused: false, receiveLsn: null, replayLsn: null, lagBytes: null, lagSeconds: null, lagMeasuredAt: null, canPromote: false, isTracked: false, epoch: 0, error: messageOf(error) };
  }
}

/**
 * The data-loss window: with the primary answering, its WAL position minus the replica's replay
 * position now; without it, the lag at the last health sample while it still answered (what the
 * replica had not received then is what a failover loses, at most).
 */
function measureLag(database: Database, name: string, primary: PrimaryProbe, row: ReplicaRow): Pick<PromotionCandidate, "lagBytes" | "lagSeconds" | "lagMeasuredAt"> {
  if (primary.walLsn && row.replay_lsn) {
    const lagBytes = lsnDiff(primary.walLsn, row.replay_lsn);
    return { lagBytes, lagSeconds: lagBytes === 0 ? 0 : row.replay_age, lagMeasuredAt: new Date().toISOString() };
  }
  const last = database.replication.lastSampleWithPrimary();
  const sample = last?.replicas.find((replica) => replica.name === name);
  return { lagBytes: sample?.lagBytes ?? null, lagSeconds: sample?.lagSeconds ?? null, lagMeasuredAt: last?.sampledAt ?? null };
}

/** Most caught up first: the highest replay position, then the highest received position. */
function byProgress(a: PromotionCandidate, b: PromotionCandidate): number {
  const position = (lsn: string | null) => (lsn ? lsnToBigInt(lsn) : -1n);
  const replay = position(b.replayLsn) - position(a.replayLsn);
  if (replay !== 0n) return replay > 0n ? 1 : -1;
  const receive = position(b.receiveLsn) - position(a.receiveLsn);
  return receive === 0n ? 0 : receive > 0n ? 1 : -1;
}

export async function assessPromotion(database: Database, replicaName?: string): Promise<PromotionAssessment> {
  const primary = await probePrimary(database.targets.primary.url);
  const replicas = database.replication.activeReplicas().filter((replica) => !replicaName || replica.name === replicaName);
  const candidates = (await Promise.all(replicas.map((replica) => probeReplica(database, replica.name, replica.url, primary)))).sort(byProgress);
  const chosen = candidates.find((candidate) => candidate.reachable && candidate.inRecovery && candidate.canPromote && candidate.isTracked) ?? null;
  return { primary, candidates, chosen };
}

/** Waits until the replica has replayed `targetLsn` (the fenced primary's last WAL) or the time is up. */
async function waitForReplay(url: string, targetLsn: string, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  return onServer(url, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ replay_lsn: string | null; caught_up: boolean }>(
        "select pg_last_wal_replay_lsn()::text as replay_lsn, coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as caught_up",
        [targetLsn],
      );
      if (rows[0]!.caught_up || Date.now() > deadline) return rows[0]!.replay_lsn;
      await sleep(CATCH_UP_POLL_MS);
    }
  });
}

export type PromoteOptions = {
  runId: string | null;
  /** A reachable primary is fenced first; the replica then gets this long to replay its last WAL. */
  catchUpTimeoutMs: number;
  onStep(message: string): Promise<void>;
};

/**
 * Runs the promotion on `assessment.chosen`. The old primary is fenced before the replica is
 * promoted: read-only when it answers (the replica then catches up, so nothing is lost), by the
 * epoch alone when it does not. Throws before pg_promote() if a reachable primary can't be fenced.
 */
export async function promoteReplica(database: Database, assessment: PromotionAssessment, options: PromoteOptions): Promise<PromotionResult> {
  const startedAt = performance.now();
  const chosen = assessment.chosen;
  if (!chosen) throw new Error("no replica can be promoted");
  const replica = database.replication.replica(chosen.name);
  const formerUrl = database.targets.primary.url;
  // With the primary down nothing measures the lag now: a sample from before the crash says
  // nothing about the writes after it, so none is recorded (the procedure states a bound instead).
  let lag: { lagBytes: number | null; lagSeconds: number | null; lagBasis: string } = {
    lagBytes: null,
    lagSeconds: null,
    lagBasis: `unknown: the primary did not answer (its last sample with the replica, ${chosen.lagMeasuredAt ?? "never"}, predates the writes since)`,
  };
  let formerFencing: PromotionResult["formerFencing"] = "epoch";
  const primary = await probePrimary(formerUrl);
  if (primary.reachable) {
    await options.onStep(`fencing the old primary ${primary.host}: read-only`);
    await setServerReadOnly(formerUrl);
    formerFencing = "read-only";
    // Read-only now, so its WAL position is final: let the replica replay up to it.
    const finalLsn = (await probePrimary(formerUrl)).walLsn;
    if (finalLsn) {
      await options.onStep(`waiting for ${chosen.name} to replay up to ${finalLsn}`);
      const replayed = await waitForReplay(replica.url, finalLsn, options.catchUpTimeoutMs);
      const lagBytes = replayed ? lsnDiff(finalLsn, replayed) : null;
      lag = { lagBytes, lagSeconds: lagBytes === 0 ? 0 : chosen.lagSeconds, lagBasis: "the fenced primary's final WAL position minus the replica's replay position at promotion" };
    }
  } else {
    await options.onStep(`the old primary ${primary.host} does not answer: fenced by the epoch (every write pool refuses it)`);
  }
  await options.onStep(`promoting ${chosen.name} (pg_promote)`);
  const point = await onServer(replica.url, async (client) => {
    // The oldest transaction the replica knows to be running on the old primary: rows the old
    // primary wrote by it or later are the only ones the promoted server may lack (lib/db/data-loss.ts).
    const horizon = await client.query<{ xmin: string | null }>("select pg_snapshot_xmin(pg_current_snapshot())::text as xmin").catch(() => ({ rows: [{ xmin: null }] }));
    const { rows } = await client.query<{ promoted: boolean }>("select pg_promote(true, $1) as promoted", [PROMOTE_WAIT_SECONDS]);
    if (!rows[0]?.promoted) throw new Error(`${chosen.name} did not finish promotion within ${PROMOTE_WAIT_SECONDS} s`);
    // Recovery replays everything received before it ends: the last replayed position is where the new timeline starts.
    const replayed = await client.query<{ lsn: string | null }>("select pg_last_wal_replay_lsn()::text as lsn");
    return { lsn: replayed.rows[0]?.lsn ?? null, xmin: horizon.rows[0]?.xmin ?? null };
  });
  const epoch = await onServer(replica.url, async (client) => {
    const { rows } = await client.query<{ epoch: number }>(
      `insert into database_promotion (epoch, "promotedName", "promotedHost", "formerHost", "lagBytes", "lagSeconds", "formerFencing", "runId", "formerFencedAt", "promotedLsn", "promotedXmin")
       select coalesce(max(epoch), 0) + 1, $1, $2, $3, $4, $5, $6, $7, case when $6 = 'read-only' then now() end, $8, $9::bigint from database_promotion returning epoch`,
      [chosen.name, chosen.host, hostOf(formerUrl), lag.lagBytes, lag.lagSeconds, formerFencing, options.runId, point.lsn, point.xmin],
    );
    return rows[0]!.epoch;
  });
  database.promotion.fence.observe(epoch, replica.url);
  database.promotion.repointPrimary(replica);
  await options.onStep(`writes go to ${chosen.name} (epoch ${epoch})`);
  if (formerFencing === "epoch") {
    // Recorded as pending on the new primary; this process starts watching for the old one now.
    startFormerPrimaryWatch(database, { knownUrls: [formerUrl] });
    await options.onStep(`the old primary ${hostOf(formerUrl)} is set read-only the moment it answers again`);
  }
  return { epoch, promoted: chosen.name, promotedHost: chosen.host, formerHost: hostOf(formerUrl), formerFencing, promotedLsn: point.lsn, ...lag, durationMs: Math.round(performance.now() - startedAt) };
}
