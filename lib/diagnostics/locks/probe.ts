import type { Queryable } from "../postgres";
import type { BlockedSession, LockSample, Session, StatementStats } from "./detect";

type SessionRow = {
  pid: number;
  blocking_pids: number[];
  application_name: string;
  state: string | null;
  query: string;
  query_age_seconds: number | null;
  transaction_age_seconds: number | null;
  wait_event: string | null;
};

const SESSION_COLUMNS = `a.pid, pg_blocking_pids(a.pid) as blocking_pids, coalesce(nullif(a.application_name, ''), '(none)') as application_name, a.state,
  left(a.query, 1000) as query, extract(epoch from clock_timestamp() - a.query_start)::float8 as query_age_seconds,
  extract(epoch from clock_timestamp() - a.xact_start)::float8 as transaction_age_seconds,
  case when a.wait_event_type is null then null else a.wait_event_type || ':' || a.wait_event end as wait_event`;

function toSession(row: SessionRow): Session {
  return {
    pid: row.pid,
    applicationName: row.application_name,
    state: row.state ?? "unknown",
    query: row.query,
    queryAgeSeconds: row.query_age_seconds,
    transactionAgeSeconds: row.transaction_age_seconds,
    waitEvent: row.wait_event,
  };
}

/** Sessions of this database waiting on a lock, and the sessions they wait for. */
export async function readBlocking(sql: Queryable): Promise<Pick<LockSample, "blocked" | "blockers">> {
  const blocked = await sql.query<SessionRow>(
    `select ${SESSION_COLUMNS} from pg_stat_activity a
      where a.datname = current_database() and cardinality(pg_blocking_pids(a.pid)) > 0 order by a.query_start`,
  );
  const blockerPids = [...new Set(blocked.rows.flatMap((row) => row.blocking_pids))];
  const blockers = blockerPids.length === 0 ? { rows: [] as SessionRow[] } : await sql.query<SessionRow>(`select ${SESSION_COLUMNS} from pg_stat_activity a where a.pid = any($1::int[])`, [blockerPids]);
  return {
    blocked: blocked.rows.map((row): BlockedSession => ({ ...toSession(row), blockingPids: row.blocking_pids })),
    blockers: blockers.rows.map(toSession),
  };
}

/**
 * The slowest statements by mean time, when pg_stat_statements can be had: the extension must
 * be installable and preloaded (shared_preload_libraries); otherwise the reason is shown.
 */
export async function readSlowStatements(sql: Queryable): Promise<StatementStats> {
  try {
    await sql.query("create extension if not exists pg_stat_statements");
    const { rows } = await sql.query<{ query: string; calls: string; mean_ms: number; total_ms: number }>(
      `select left(query, 500) as query, calls, mean_exec_time as mean_ms, total_exec_time as total_ms
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        order by mean_exec_time desc limit 5`,
    );
    return { available: true, statements: rows.map((row) => ({ query: row.query, calls: Number(row.calls), meanMs: row.mean_ms, totalMs: row.total_ms })) };
  } catch (error) {
    return { available: false, reason: `pg_stat_statements is not available: ${error instanceof Error ? error.message : String(error)}` };
  }
}
