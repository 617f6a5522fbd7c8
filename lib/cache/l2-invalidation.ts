import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { fillLockKey, tagSetKey } from "./keys";
import type { GuardedRedis, Unavailable } from "./guarded-redis";

/** Keys per SSCAN/SCAN page and per UNLINK: big enough to be quick, small enough not to block Redis. */
const BATCH_SIZE = 500;

/**
 * Invalidation and preview on Redis, never with `KEYS` (it blocks Redis for the whole keyspace):
 * tags resolve through their key sets (SSCAN), patterns through SCAN, and deletes are UNLINK
 * (memory freed in the background) in batches. Each deleted key takes its fill lock with it, so
 * a load in flight for it doesn't write its now-stale value back.
 */
export class L2Invalidation {
  constructor(private readonly redis: GuardedRedis) {}

  /** Number of entries deleted, or UNAVAILABLE. */
  deleteKeys(keys: readonly string[]): Promise<number | Unavailable> {
    return this.redis.run("invalidate_keys", (client) => unlinkEntries(client, keys));
  }

  deleteTag(tag: string): Promise<number | Unavailable> {
    return this.redis.run("invalidate_tag", async (client) => {
      // Park the set under a unique name first: keys filled from now on start a fresh set
      // instead of joining one we are halfway through deleting (and being lost with it).
      const parked = `${tagSetKey(tag)}:invalidating:${randomUUID()}`;
      try {
        await client.rename(tagSetKey(tag), parked);
      } catch (error) {
        if (error instanceof Error && error.message.includes("no such key")) return 0;
        throw error;
      }
      let deleted = 0;
      await forEachTagPage(client, parked, async (members) => (deleted += await unlinkEntries(client, members)));
      await client.unlink(parked);
      return deleted;
    });
  }

  deletePattern(pattern: string): Promise<number | Unavailable> {
    return this.redis.run("invalidate_pattern", async (client) => {
      let deleted = 0;
      await forEachScanPage(client, pattern, async (keys) => (deleted += await unlinkEntries(client, keys)));
      return deleted;
    });
  }

  /** Hands the live keys carrying `tag` to `onPage`, page by page; true when done. */
  async previewTag(tag: string, onPage: (keys: string[]) => void): Promise<true | Unavailable> {
    return this.redis.run("preview_tag", async (client) => {
      await forEachTagPage(client, tagSetKey(tag), async (members) => {
        // Tag sets may still list expired keys: count only those that exist.
        const pipeline = client.pipeline();
        for (const member of members) pipeline.exists(member);
        const replies = (await pipeline.exec()) ?? [];
        onPage(members.filter((_, index) => replies[index]?.[1] === 1));
      });
      return true as const;
    });
  }

  async previewPattern(pattern: string, onPage: (keys: string[]) => void): Promise<true | Unavailable> {
    return this.redis.run("preview_pattern", async (client) => {
      await forEachScanPage(client, pattern, async (keys) => onPage(keys));
      return true as const;
    });
  }
}

async function unlinkEntries(client: Redis, keys: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < keys.length; start += BATCH_SIZE) {
    const batch = keys.slice(start, start + BATCH_SIZE);
    const [entries] = await Promise.all([client.unlink(...batch), client.unlink(...batch.map(fillLockKey))]);
    deleted += entries;
  }
  return deleted;
}

async function forEachTagPage(client: Redis, setKey: string, onPage: (members: string[]) => Promise<unknown>): Promise<void> {
  let cursor = "0";
  do {
    const [next, members] = await client.sscan(setKey, cursor, "COUNT", BATCH_SIZE);
    cursor = next;
    if (members.length > 0) await onPage(members);
  } while (cursor !== "0");
}

async function forEachScanPage(client: Redis, pattern: string, onPage: (keys: string[]) => Promise<unknown>): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", BATCH_SIZE);
    cursor = next;
    if (keys.length > 0) await onPage(keys);
  } while (cursor !== "0");
}
