import type { Histogram } from "prom-client";
import { dbMetrics } from "@/lib/db/metrics";
import { metrics } from "@/lib/metrics/registry";
import type { Queryable } from "../postgres";
import type { PoolReading, ServerConnections } from "./detect";

/** Acquire failures per pool (`db_pool_acquire_seconds_count{outcome="failed"}`), cumulative. */
async function acquireFailures(): Promise<Map<string, number>> {
  const histogram = metrics.registry.getSingleMetric("db_pool_acquire_seconds") as Histogram | undefined;
  const counts = new Map<string, number>();
  for (const value of (await histogram?.get())?.values ?? []) {
    const name = (value as { metricName?: string }).metricName;
    if (name?.endsWith("_count") && value.labels.outcome === "failed") counts.set(`${value.labels.pool}/${value.labels.target}`, value.value);
  }
  return counts;
}

/** This process's pools as the data layer sees them now. */
export async function readPools(): Promise<PoolReading[]> {
  const failures = await acquireFailures();
  return [...dbMetrics.pools].map((pool) => ({
    pool: pool.poolName,
    target: pool.target,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.maxConnections,
    acquireFailuresTotal: failures.get(`${pool.poolName}/${pool.target}`) ?? 0,
  }));
}

type GroupRow = { application_name: string; state: string; count: number; oldest_age_seconds: number | null };
type IdleRow = { pid: number; application_name: string; idle_seconds: number; transaction_age_seconds: number | null; query: string };

/** Client connections on the whole server against max_connections, grouped by application and state. */
export async function readServerConnections(sql: Queryable): Promise<ServerConnections> {
  const settings = await sql.query<{ max_connections: number; reserved: number }>(
    `select current_setting('max_connections')::int as max_connections, current_setting('superuser_reserved_connections')::int as reserved`,
  );
  const groups = await sql.query<GroupRow>(
    `select coalesce(nullif(application_name, ''), '(none)') as application_name, coalesce(state, 'unknown') as state, count(*)::int as count,
            max(extract(epoch from clock_timestamp() - coalesce(xact_start, backend_start)))::float8 as oldest_age_seconds
       from pg_stat_activity where backend_type = 'client backend' group by 1, 2 order by 3 desc`,
  );
  const idle = await sql.query<IdleRow>(
    `select pid, coalesce(nullif(application_name, ''), '(none)') as application_name,
            extract(epoch from clock_timestamp() - state_change)::float8 as idle_seconds,
            extract(epoch from clock_timestamp() - xact_start)::float8 as transaction_age_seconds, left(query, 500) as query
       from pg_stat_activity where state like 'idle in transaction%' order by state_change limit 10`,
  );
  return {
    maxConnections: settings.rows[0]!.max_connections,
    reservedConnections: settings.rows[0]!.reserved,
    inUse: groups.rows.reduce((sum, row) => sum + row.count, 0),
    groups: groups.rows.map((row) => ({ applicationName: row.application_name, state: row.state, count: row.count, oldestAgeSeconds: row.oldest_age_seconds ?? 0 })),
    idleInTransaction: idle.rows.map((row) => ({
      pid: row.pid,
      applicationName: row.application_name,
      idleSeconds: row.idle_seconds,
      transactionAgeSeconds: row.transaction_age_seconds ?? 0,
      query: row.query,
    })),
  };
}

/** SQLSTATE 53300 refusals the app's own pools met, cumulative (`db_pool_connect_errors_total`). */
export async function appTooManyConnectionsTotal(): Promise<number> {
  const counter = await dbMetrics.connectErrors.get();
  return counter.values.filter((value) => value.labels.code === "53300").reduce((sum, value) => sum + value.value, 0);
}
