import { Counter, Gauge, Histogram } from "prom-client";
import { metrics } from "@/lib/metrics/registry";
import { processSingleton } from "@/lib/process-singleton";
import type { ObservedPool, PoolObserver } from "./observed-pool";

export type ReplicaLagReading = { name: string; lagSeconds: number | null; lagBytes: number | null };

/**
 * The data layer's series. Pool and lag gauges read live state in `collect()`, so a scrape
 * always sees the pools and the latest lag sample of every Database created in this process.
 */
function createDbMetrics() {
  const pools = new Set<ObservedPool>();
  const lagSources = new Set<() => ReplicaLagReading[]>();
  const registers = [metrics.registry];

  new Gauge({
    name: "db_pool_connections",
    help: "Connections per pool by state (total, idle, waiting clients, max)",
    labelNames: ["pool", "target", "state"] as const,
    registers,
    collect() {
      this.reset();
      for (const pool of pools) {
        const labels = { pool: pool.poolName, target: pool.target };
        this.set({ ...labels, state: "total" }, pool.totalCount);
        this.set({ ...labels, state: "idle" }, pool.idleCount);
        this.set({ ...labels, state: "waiting" }, pool.waitingCount);
        this.set({ ...labels, state: "max" }, pool.maxConnections);
      }
    },
  });
  new Gauge({
    name: "db_pool_utilization_ratio",
    help: "Connections in use divided by the pool's maximum (0-1); the guide scales up above 0.8",
    labelNames: ["pool", "target"] as const,
    registers,
    // Across instances: the average instance's pool (each instance has pools of its own).
    aggregator: "average",
    collect() {
      this.reset();
      for (const pool of pools) this.set({ pool: pool.poolName, target: pool.target }, poolUtilization(pool));
    },
  });
  // One gauge per lag measure, each from the latest health-check sample of every replica.
  const replicaLagGauge = (name: string, help: string, pick: (reading: ReplicaLagReading) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ["replica"] as const,
      registers,
      aggregator: "max",
      collect() {
        this.reset();
        for (const reading of [...lagSources].flatMap((source) => source())) {
          const value = pick(reading);
          if (value !== null) this.set({ replica: reading.name }, value);
        }
      },
    });
  replicaLagGauge("db_replica_lag_seconds", "How far each replica's replay is behind the primary, in seconds (latest health-check sample)", (reading) => reading.lagSeconds);
  replicaLagGauge("db_replica_lag_bytes", "WAL bytes each replica has not replayed yet (latest health-check sample)", (reading) => reading.lagBytes);
  const acquireSeconds = new Histogram({
    name: "db_pool_acquire_seconds",
    help: "Time spent waiting for a pooled connection",
    labelNames: ["pool", "target", "outcome"] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5],
    registers,
  });
  const queries = new Counter({ name: "db_queries_total", help: "Queries sent, by pool and target server", labelNames: ["pool", "target"] as const, registers });
  const connectErrors = new Counter({
    name: "db_pool_connect_errors_total",
    help: "Failed attempts to get a connection, by pool, server and SQLSTATE (53300: the server had no slot left; timeout: none free in time)",
    labelNames: ["pool", "target", "code"] as const,
    registers,
  });
  const readRoutes = new Counter({
    name: "db_reads_total",
    help: "Reads by the server that answered them and why (replica, or primary with the fallback reason)",
    labelNames: ["target", "reason"] as const,
    registers,
  });

  const observer: PoolObserver = {
    acquired: (pool, waitSeconds) => acquireSeconds.observe({ pool: pool.poolName, target: pool.target, outcome: "acquired" }, waitSeconds),
    acquireFailed: (pool, waitSeconds, error) => {
      acquireSeconds.observe({ pool: pool.poolName, target: pool.target, outcome: "failed" }, waitSeconds);
      connectErrors.inc({ pool: pool.poolName, target: pool.target, code: errorCode(error) });
    },
    queried: (pool) => queries.inc({ pool: pool.poolName, target: pool.target }),
  };
  return { pools, lagSources, observer, readRoutes, queries, connectErrors };
}

/** The SQLSTATE of a failed connect, "timeout" when none was free in time, else "other". */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  return error instanceof Error && /timeout exceeded|connection free within/i.test(error.message) ? "timeout" : "other";
}

export function poolUtilization(pool: ObservedPool): number {
  return (pool.totalCount - pool.idleCount) / pool.maxConnections;
}

export type PoolFigures = { total: number; idle: number; waiting: number; max: number; utilization: number };

export function poolFigures(pool: ObservedPool): PoolFigures {
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.maxConnections, utilization: poolUtilization(pool) };
}

export const dbMetrics = processSingleton("metrics.db", createDbMetrics);
