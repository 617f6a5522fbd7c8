import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env, type Env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { logger } from "@/lib/logging/logger";
import { isConnectionError, isPoolExhausted } from "./errors";
import { hostOf, PrimaryFence } from "./fencing";
import { dbMetrics } from "./metrics";
import { ObservedPool, type PoolObserver } from "./observed-pool";
import { ReplicaRouter, type ReplicaTarget } from "./replica-router";

export type DbTarget = { name: string; url: string; pool: ObservedPool };

type DbConfig = Pick<
  Env,
  | "DATABASE_URL"
  | "DATABASE_REPLICA_URLS"
  | "DB_WRITE_POOL_MIN"
  | "DB_WRITE_POOL_MAX"
  | "DB_READ_POOL_MAX"
  | "DB_ACQUIRE_TIMEOUT_MS"
  | "DB_IDLE_TIMEOUT_MS"
  | "DB_STATEMENT_TIMEOUT_MS"
  | "DB_REPLICA_MAX_LAG_SECONDS"
  | "DB_REPLICA_HEALTH_INTERVAL_MS"
>;

export type ReadOptions = {
  /** The session wrote within the read-your-writes window: read from the primary. */
  recentWrite?: boolean;
};

/**
 * One write pool on the primary and one read pool per replica, all ours (so they are measured),
 * with Prisma on top through the pg adapter. Reads go through `read()`, which picks a replica in
 * rotation, or the primary when none qualifies, and retries on the primary when a replica fails
 * to connect — a replica going away never fails a request. `readFresh()` reads the primary, and
 * a replica while the primary cannot answer, so sessions and memberships survive its loss.
 */
export function createDatabase(config: DbConfig) {
  const { observer, pools, lagSources, readRoutes } = dbMetrics;
  const poolSettings = {
    acquireTimeoutMs: config.DB_ACQUIRE_TIMEOUT_MS,
    idleTimeoutMillis: config.DB_IDLE_TIMEOUT_MS,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    application_name: "agency-toolkit",
  };
  // A failed connect to the primary marks it down at once, for every fresh read after it. A busy
  // pool does not: the primary answers, it just has no connection free.
  const primaryObserver: PoolObserver = {
    ...observer,
    acquireFailed(pool, waitSeconds, error) {
      observer.acquireFailed(pool, waitSeconds, error);
      if (isConnectionError(error) && !isPoolExhausted(error)) router.markPrimaryUnreachable(error);
    },
  };
  const primaryPool = new ObservedPool("write", "primary", { ...poolSettings, connectionString: config.DATABASE_URL, min: config.DB_WRITE_POOL_MIN, max: config.DB_WRITE_POOL_MAX }, primaryObserver);
  const replicaTargets: ReplicaTarget[] = config.DATABASE_REPLICA_URLS.map((url, index) => {
    const name = `replica${index + 1}`;
    const pool = new ObservedPool("read", name, { ...poolSettings, connectionString: url, max: config.DB_READ_POOL_MAX }, observer);
    return { name, url, pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
  });
  const allPools = [primaryPool, ...replicaTargets.map((target) => target.pool)];
  for (const pool of allPools) {
    // An idle client losing its server (restart, failover) must not crash the process.
    pool.on("error", () => {});
    pools.add(pool);
  }
  const primary = new PrismaClient({ adapter: new PrismaPg(primaryPool) });
  const router = new ReplicaRouter(primaryPool, replicaTargets, {
    maxLagSeconds: config.DB_REPLICA_MAX_LAG_SECONDS,
    healthIntervalMs: config.DB_REPLICA_HEALTH_INTERVAL_MS,
  });
  const primaryTarget: DbTarget = { name: "primary", url: config.DATABASE_URL, pool: primaryPool };
  const primaryChangeListeners = new Set<(url: string) => void>();
  /** Writes go to the promoted replica from now on; reads that would have gone to it go to the primary. */
  const repointPrimary = (replica: { name: string; url: string }) => {
    if (primaryPool.connectionString === replica.url) return;
    logger.warn("the write pool now points at the promoted replica", { replica: replica.name, from: hostOf(primaryPool.connectionString), to: hostOf(replica.url) });
    primaryPool.retarget(replica.url);
    primaryTarget.url = replica.url;
    router.retire(replica.name);
    router.markPrimaryReachable();
    // In the same tick as the write pool: connections of their own (job queue, leader election,
    // LISTEN) follow the writes, never lag behind them.
    for (const listener of primaryChangeListeners) {
      try {
        listener(replica.url);
      } catch (error) {
        logger.error("a listener for the primary change failed", { err: error });
      }
    }
  };
  /** Calls `listener` with the new primary's URL whenever a promotion repoints this process; returns the unsubscribe. */
  const onPrimaryChanged = (listener: (url: string) => void) => {
    primaryChangeListeners.add(listener);
    return () => void primaryChangeListeners.delete(listener);
  };
  const fence = new PrimaryFence({ replicas: () => router.activeReplicas(), onPromotedReplica: repointPrimary });
  primaryPool.checkNewConnections((client) => fence.verifyWriteConnection(client, primaryPool.connectionString));
  router.onReplicaOutOfRecovery = () => void fence.scanReplicas();
  const lagReadings = () => router.current().replicas.map(({ name, lagSeconds, lagBytes }) => ({ name, lagSeconds, lagBytes }));
  lagSources.add(lagReadings);
  router.start();

  /**
   * After the primary failed to answer `query` (or is known down, `primaryError` undefined): the
   * same query on each fallback replica in turn. A read is safe to repeat. With no replica left,
   * the primary's own error, or the primary itself when it was not even tried.
   */
  async function readOnFallbackReplica<T>(query: (client: PrismaClient) => Promise<T>, primaryError: unknown): Promise<T> {
    for (const replica of router.fallbackReplicas()) {
      try {
        const result = await query(replica.prisma);
        readRoutes.inc({ target: replica.name, reason: "primary_unreachable" });
        return result;
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        router.markUnreachable(replica.name, error);
      }
    }
    if (primaryError !== undefined) throw primaryError;
    readRoutes.inc({ target: "primary", reason: "no_replica_reachable" });
    return query(primary);
  }

  /** The primary when it answers, else a reachable replica in recovery, however far behind. */
  async function readFresh<T>(query: (client: PrismaClient) => Promise<T>, reason = "fresh"): Promise<T> {
    // While the primary is known down, no connect attempt per request: a background probe
    // notices when it answers again.
    if (!router.isPrimaryReachable()) return readOnFallbackReplica(query, undefined);
    try {
      const result = await query(primary);
      readRoutes.inc({ target: "primary", reason });
      return result;
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      return readOnFallbackReplica(query, error);
    }
  }

  async function read<T>(query: (client: PrismaClient) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const decision = router.decide(options.recentWrite ?? false);
    if (decision.target === "primary") return readFresh(query, decision.reason);
    const replica = router.replica(decision.name);
    try {
      const result = await query(replica.prisma);
      readRoutes.inc({ target: replica.name, reason: "in_rotation" });
      return result;
    } catch (error) {
      // A read is safe to repeat, and a replica fails in more ways than the primary does
      // (starting up, recovery conflicts, a connection cut mid-query): any failure there is
      // retried once on the primary, which gives the real answer or the real error.
      if (isConnectionError(error)) router.markUnreachable(replica.name, error);
      return readFresh(query, "replica_failed");
    }
  }

  return {
    primary,
    read,
    readFresh: <T>(query: (client: PrismaClient) => Promise<T>): Promise<T> => readFresh(query),
    /** False from a failed connect to the primary (or a failed health sample) until a probe gets an answer. */
    primaryReachable: (): boolean => router.isPrimaryReachable(),
    replication: router,
    /** Promotion support: the fencing epoch guard and the switch of the write pool (lib/db/promotion.ts). */
    promotion: { fence, repointPrimary, onPrimaryChanged },
    /** The server writes go to now: DATABASE_URL until a promotion repoints this process. */
    primaryUrl: () => primaryPool.connectionString,
    targets: { primary: primaryTarget, replicas: replicaTargets as DbTarget[] },
    async close() {
      router.stop();
      lagSources.delete(lagReadings);
      for (const pool of allPools) pools.delete(pool);
      await Promise.all([primary.$disconnect(), ...replicaTargets.map((target) => target.prisma.$disconnect())]);
      await Promise.all(allPools.map((pool) => pool.end()));
    },
  };
}

export type Database = ReturnType<typeof createDatabase>;

export function db(): Database {
  return processSingleton("database", () => createDatabase(env()));
}
