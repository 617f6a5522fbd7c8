import type { Database, DbTarget } from "@/lib/db/client";
import type { Redis } from "ioredis";

/** A dependency that does not answer within this bound counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = { status: "up" | "down"; latencyMs: number; error?: string };
export type ReplicaCheck = CheckResult & {
  name: string;
  /** The WAL receiver's state on the replica (`streaming` when healthy). */
  replication: string | null;
  replayLagSeconds: number | null;
};
export type Readiness = {
  status: "ready" | "degraded" | "unavailable";
  checks: { primary: CheckResult; replicas: ReplicaCheck[]; redis: CheckResult | null };
};

async function timed<T>(probe: () => Promise<T>): Promise<{ value?: T; result: CheckResult }> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const value = await Promise.race([probe(), timeout]);
    return { value, result: { status: "up", latencyMs: elapsedMs(startedAt) } };
  } catch (error) {
    const message = error instanceof Error ? error.message || error.name : String(error);
    return { result: { status: "down", latencyMs: elapsedMs(startedAt), error: message } };
  } finally {
    clearTimeout(timer);
  }
}

function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 100) / 100;
}

async function checkReplica(target: DbTarget): Promise<ReplicaCheck> {
  const { value, result } = await timed(async () => {
    const { rows } = await target.pool.query<{ receiver: string | null; lag: number | null }>(
      `select (select status from pg_stat_wal_receiver) as receiver,
              extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as lag`,
    );
    return rows[0];
  });
  return { name: target.name, ...result, replication: value?.receiver ?? null, replayLagSeconds: value?.lag ?? null };
}

/** Primary, every replica and Redis (when configured), checked in parallel. */
export async function checkReadiness(database: Database, redisClient: Redis | null): Promise<Readiness> {
  const [primary, replicas, redis] = await Promise.all([
    timed(() => database.targets.primary.pool.query("select 1")).then((check) => check.result),
    Promise.all(database.targets.replicas.map(checkReplica)),
    redisClient ? timed(() => redisClient.ping()).then((check) => check.result) : Promise.resolve(null),
  ]);
  const everythingUp = replicas.every((replica) => replica.status === "up") && (redis === null || redis.status === "up");
  const status = primary.status === "down" ? "unavailable" : everythingUp ? "ready" : "degraded";
  return { status, checks: { primary, replicas, redis } };
}
