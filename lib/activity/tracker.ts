import { LRUCache } from "lru-cache";
import type { ActivitySighting } from "./repo";

export type ActivityTrackerOptions = {
  /** A user+tenant already recorded within this window is not recorded again. */
  throttleMs?: number;
  /** Bounds the throttle's memory: the least recently seen pairs are forgotten first. */
  maxTracked?: number;
  /** Bounds the batch waiting for the next flush; beyond it sightings wait for a later request. */
  maxPending?: number;
  clock?: () => number;
};

/**
 * Session activity without a database write per request: each user+tenant is recorded at most
 * once per throttle window by this instance, and the sightings are written in one batched upsert
 * by `flush` (called on a timer). A failed flush keeps its sightings for the next one.
 */
export class ActivityTracker {
  /** When each pair was last recorded (ms); a bounded LRU, so memory stays flat however many users come by. */
  private readonly recorded: LRUCache<string, number>;
  private readonly throttleMs: number;
  private pending = new Map<string, ActivitySighting>();
  private readonly maxPending: number;
  private readonly clock: () => number;

  constructor(
    private readonly write: (sightings: ActivitySighting[]) => Promise<void>,
    options: ActivityTrackerOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.maxPending = options.maxPending ?? 10_000;
    this.throttleMs = options.throttleMs ?? 60_000;
    this.recorded = new LRUCache({ max: options.maxTracked ?? 100_000 });
  }

  /** Notes that the user was active in the tenant now; true when this sighting will be written. */
  touch(userId: string, tenantId: string): boolean {
    const key = `${userId}\u0000${tenantId}`;
    const nowMs = this.clock();
    const recordedAtMs = this.recorded.get(key);
    if (recordedAtMs !== undefined && nowMs - recordedAtMs < this.throttleMs) return false;
    if (this.pending.has(key) || this.pending.size >= this.maxPending) return false;
    this.pending.set(key, { userId, tenantId, seenAt: new Date(nowMs) });
    this.recorded.set(key, nowMs);
    return true;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes every pending sighting in one statement; resolves to how many were written. */
  async flush(): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.write([...batch.values()]);
      return batch.size;
    } catch (error) {
      // Newer sightings taken meanwhile win; the rest go back while there is room.
      for (const [key, sighting] of batch) {
        if (this.pending.size >= this.maxPending) break;
        if (!this.pending.has(key)) this.pending.set(key, sighting);
      }
      throw error;
    }
  }
}
