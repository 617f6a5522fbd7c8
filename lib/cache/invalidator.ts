import { globToRegExp } from "./glob";
import { UNAVAILABLE, type Unavailable } from "./guarded-redis";
import type { Invalidation, InvalidationBus } from "./invalidation-bus";
import type { L1Store } from "./l1";
import type { L2Invalidation } from "./l2-invalidation";
import type { CacheMetrics } from "./metrics";
import type { PendingInvalidations } from "./pending-invalidations";
import type { ReadThrough } from "./read-through";

/** Entries removed here (L1) and in Redis (null: Redis unavailable, retried once it is back). */
export type InvalidationResult = { l1Removed: number; l2Removed: number | null; isBroadcast: boolean };

export type InvalidatorDeps = {
  l1: L1Store;
  readThrough: ReadThrough;
  /** L2 and its bus; null without Redis. */
  redis: { invalidation: L2Invalidation; bus: InvalidationBus } | null;
  /** Without Redis: the bus to the other instances (PostgreSQL), or null when there are none to tell. */
  peers: InvalidationBus | null;
  pending: PendingInvalidations;
  metrics: CacheMetrics;
};

/**
 * Applies an invalidation everywhere: this instance's L1 at once (synchronously, before any
 * await), then Redis, then the other instances through the bus. What can't reach Redis waits in
 * `pending` for `replayPending()`. Without Redis there is no L2 to clear first: the broadcast
 * follows the L1 drop, and one that fails is counted, not retried (the primary it goes through
 * is then down for the listeners too, and each of them drops its L1 when it listens again).
 */
export class Invalidator {
  constructor(private readonly deps: InvalidatorDeps) {}

  async invalidate(invalidation: Invalidation): Promise<InvalidationResult> {
    const l1Removed = this.dropLocally(invalidation);
    this.deps.metrics.invalidations.inc({ kind: metricKind(invalidation), origin: "local" });
    const redis = this.deps.redis;
    if (!redis) return { l1Removed, l2Removed: 0, isBroadcast: await this.tellPeers(invalidation) };
    const outcome = await this.applyToRedis(redis, invalidation);
    if (outcome !== UNAVAILABLE) return { l1Removed, ...outcome };
    this.deps.pending.add(invalidation);
    return { l1Removed, l2Removed: null, isBroadcast: false };
  }

  /** Another instance invalidated: only our L1 (and fills in flight) are left to deal with. */
  applyRemote(invalidation: Invalidation): void {
    this.dropLocally(invalidation);
    this.deps.metrics.invalidations.inc({ kind: metricKind(invalidation), origin: "remote" });
  }

  async replayPending(): Promise<void> {
    const redis = this.deps.redis;
    if (!redis) return;
    await this.deps.pending.flush(async (invalidation) => (await this.applyToRedis(redis, invalidation)) !== UNAVAILABLE);
  }

  private async tellPeers(invalidation: Invalidation): Promise<boolean> {
    if (!this.deps.peers) return false;
    const isSent = await this.deps.peers.publish(invalidation);
    if (!isSent) this.deps.metrics.invalidationPublishFailures.inc();
    return isSent;
  }

  /** L2 first, then the broadcast: an instance dropping its copy earlier could re-read the old L2 value. */
  private async applyToRedis(
    redis: NonNullable<InvalidatorDeps["redis"]>,
    invalidation: Invalidation,
  ): Promise<{ l2Removed: number; isBroadcast: true } | Unavailable> {
    const removed =
      invalidation.kind === "keys"
        ? await redis.invalidation.deleteKeys(invalidation.keys)
        : invalidation.kind === "tag"
          ? await redis.invalidation.deleteTag(invalidation.tag)
          : await redis.invalidation.deletePattern(invalidation.pattern);
    if (removed === UNAVAILABLE || !(await redis.bus.publish(invalidation))) return UNAVAILABLE;
    return { l2Removed: removed, isBroadcast: true };
  }

  private dropLocally(invalidation: Invalidation): number {
    const { l1, readThrough } = this.deps;
    if (invalidation.kind === "keys") {
      const keys = new Set(invalidation.keys);
      readThrough.markStale((key) => keys.has(key));
      return invalidation.keys.filter((key) => l1.delete(key)).length;
    }
    if (invalidation.kind === "tag") {
      readThrough.markStale((_, tags) => tags.includes(invalidation.tag));
      return l1.deleteTag(invalidation.tag);
    }
    const pattern = globToRegExp(invalidation.pattern);
    readThrough.markStale((key) => pattern.test(key));
    return l1.deleteMatching(pattern);
  }
}

function metricKind(invalidation: Invalidation): "key" | "tag" | "pattern" {
  return invalidation.kind === "keys" ? "key" : invalidation.kind;
}
