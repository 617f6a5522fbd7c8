import type pg from "pg";
import { replicaLagSeconds } from "./routing-rules";

/** A probe that does not answer within this bound counts as a failure. */
const PROBE_TIMEOUT_MS = 2_000;

/** One row of `pg_stat_replication` on the primary: how a standby's stream looks from there. */
export type StandbyStream = {
  applicationName: string;
  clientAddress: string | null;
  state: string;
  writeLagSeconds: number | null;
  flushLagSeconds: number | null;
  replayLagSeconds: number | null;
  lagBytes: number | null;
};

/** What a replica says about itself, with its lag measured against the primary's WAL position. */
export type ReplicaSample = {
  reachable: boolean;
  inRecovery: boolean;
  replayPaused: boolean;
  receiverStatus: string | null;
  lagBytes: number | null;
  lagSeconds: number | null;
  error?: string;
};

export async function withTimeout<T>(work: Promise<T>, timeoutMs = PROBE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const toNumber = (value: string | number | null): number | null => (value === null ? null : Number(value));

export async function samplePrimary(pool: pg.Pool): Promise<{ walLsn: string | null; standbys: StandbyStream[] }> {
  const { rows } = await withTimeout(
    pool.query<{ lsn: string | null; streams: StandbyStream[] | null }>(`
      select case when pg_is_in_recovery() then null else pg_current_wal_lsn()::text end as lsn,
        (select json_agg(json_build_object(
            'applicationName', application_name, 'clientAddress', client_addr::text, 'state', state,
            'writeLagSeconds', extract(epoch from write_lag), 'flushLagSeconds', extract(epoch from flush_lag),
            'replayLagSeconds', extract(epoch from replay_lag),
            'lagBytes', pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) order by application_name)
         from pg_stat_replication) as streams`),
  );
  return { walLsn: rows[0]?.lsn ?? null, standbys: rows[0]?.streams ?? [] };
}

/**
 * Asks a replica where its replay stands. With the primary's current WAL position the byte lag
 * is exact; without it (primary unreachable) it is what the replica received but not replayed.
 */
export async function sampleReplica(pool: pg.Pool, primaryWalLsn: string | null): Promise<ReplicaSample> {
  try {
    const { rows } = await withTimeout(
      pool.query<{ in_recovery: boolean; replay_paused: boolean; receiver: string | null; lag_bytes: string | null; replay_age: number | null }>(
        `select pg_is_in_recovery() as in_recovery,
                case when pg_is_in_recovery() then pg_is_wal_replay_paused() else false end as replay_paused,
                (select status from pg_stat_wal_receiver) as receiver,
                case when $1::pg_lsn is null
                     then pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())
                     else greatest(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0) end as lag_bytes,
                extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as replay_age`,
        [primaryWalLsn],
      ),
    );
    const row = rows[0]!;
    const lagBytes = toNumber(row.lag_bytes);
    return {
      reachable: true,
      inRecovery: row.in_recovery,
      replayPaused: row.replay_paused,
      receiverStatus: row.receiver,
      lagBytes,
      lagSeconds: replicaLagSeconds(lagBytes, row.replay_age),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reachable: false, inRecovery: false, replayPaused: false, receiverStatus: null, lagBytes: null, lagSeconds: null, error: message };
  }
}
