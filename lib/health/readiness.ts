import type { Redis } from "ioredis";
import type { CacheHealth } from "@/lib/cache";
import type { Database } from "@/lib/db/client";
import { poolFigures, type PoolFigures } from "@/lib/db/metrics";
import { withTimeout } from "@/lib/db/replication";

export type CheckResult = { status: "up" | "down"; latencyMs: number; error?: string };
export type PrimaryCheck = CheckResult & { role: "primary"; pool: PoolFigures };
export type ReplicaCheck = CheckResult & {
  role: "replica";
  name: string;
  /** The WAL receiver's state on the replica (`streaming` when healthy). */
  replication: string | null;
  replayPaused: boolean;
  lagSeconds: number | null;
  lagBytes: number | null;
  inRotation: boolean;
  pool: PoolFigures;
};
export type Readiness = {
  status: "ready" | "degraded" | "unavailable";
  checks: { db: { primary: PrimaryCheck; replicas: ReplicaCheck[] }; redis: CheckResult | null; cache: CacheHealth };
};

async function timed(probe: () => Promise<unknown>): Promise<CheckResult> {
  const startedAt = performance.now();
  const elapsedMs = () => Math.round((performance.now() - startedAt) * 100) / 100;
  try {
    await withTimeout(probe());
    return { status: "up", latencyMs: elapsedMs() };
  } catch (error) {
    const message = error instanceof Error ? error.message || error.name : String(error);
    return { status: "down", latencyMs: elapsedMs(), error: message };
  }
}

/**
 * Primary (the server writes go to now, after a promotion too), every replica still serving as
 * one and Redis (when configured), checked in parallel, with each database target's pool
 * figures and each replica's lag from a fresh replication sample.
 */
export async function checkReadiness(database: Database, redisClient: Redis | null, cache: CacheHealth): Promise<Readiness> {
  const startedAt = performance.now();
  const [primary, replication, redis] = await Promise.all([
    timed(() => database.targets.primary.pool.query("select 1")),
    database.replication.sample(),
    redisClient ? timed(() => redisClient.ping()) : Promise.resolve(null),
  ]);
  const sampleMs = Math.round((performance.now() - startedAt) * 100) / 100;
  // A replica promoted to primary is no longer sampled: it is checked above, as the primary.
  const replicas = database.targets.replicas.flatMap((target): ReplicaCheck[] => {
    const sample = replication.replicas.find((replica) => replica.name === target.name);
    if (!sample) return [];
    const check: ReplicaCheck = {
      role: "replica",
      name: target.name,
      status: sample.reachable ? "up" : "down",
      latencyMs: sampleMs,
      ...(sample.error ? { error: sample.error } : {}),
      replication: sample.receiverStatus,
      replayPaused: sample.replayPaused,
      lagSeconds: sample.lagSeconds,
      lagBytes: sample.lagBytes,
      inRotation: sample.inRotation,
      pool: poolFigures(target.pool),
    };
    return [check];
  });
  const everythingUp =
    replicas.every((replica) => replica.status === "up") && (redis === null || redis.status === "up") && cache.breaker === "closed";
  const status = primary.status === "down" ? "unavailable" : everythingUp ? "ready" : "degraded";
  return { status, checks: { db: { primary: { ...primary, role: "primary", pool: poolFigures(database.targets.primary.pool) }, replicas }, redis, cache } };
}
