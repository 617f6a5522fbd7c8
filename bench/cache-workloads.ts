import KeyvRedis from "@keyv/redis";
import { createCache as createCacheManager } from "cache-manager";
import { Redis } from "ioredis";
import { Keyv } from "keyv";
import { LRUCache } from "lru-cache";

/**
 * The contenders and the simulated database for bench/cache.ts: a template-like value, the
 * database as a 20-connection pool of 20 ms queries, cache-manager 7 configured as two tiers,
 * and the guide's naive read-through (get → miss → load → set), written as the guide does.
 */

export const DB_POOL_SIZE = 20;
export const DB_QUERY_MS = 20;

export function sampleTemplate(id: string) {
  return {
    id,
    tenantId: "bench",
    name: `Template ${id}`,
    category: "marketing",
    popularityScore: 8.7,
    createdAt: new Date("2024-01-15T09:30:00Z"),
    updatedAt: new Date("2024-06-01T12:00:00Z"),
    tags: ["seo", "email", "landing"],
    settings: { color: "blue", steps: [1, 2, 3, 4], isPublic: true },
    description: "A multi-step onboarding flow for agency clients. ".repeat(12),
  };
}

/** A database stand-in: at most DB_POOL_SIZE queries at once, each DB_QUERY_MS; counts queries. */
export function simulatedDatabase() {
  let active = 0;
  const waiting: (() => void)[] = [];
  const database = {
    queries: 0,
    async query<T>(produce: () => T): Promise<T> {
      database.queries += 1;
      if (active >= DB_POOL_SIZE) await new Promise<void>((resolve) => waiting.push(resolve));
      active += 1;
      try {
        await new Promise((resolve) => setTimeout(resolve, DB_QUERY_MS));
        return produce();
      } finally {
        active -= 1;
        waiting.shift()?.();
      }
    },
  };
  return database;
}

export type CacheManagerTiers = Awaited<ReturnType<typeof cacheManagerTiers>>;

/**
 * cache-manager 7: an in-memory Keyv over @keyv/redis. The memory tier is an LRU bounded like
 * our L1 (its Keyv without serialization, as cache-manager's own default memory tier), so the
 * same bound defeats both L1s in the L2 measurement: `wrap` copies L2 hits into memory as we do.
 */
export async function cacheManagerTiers(redisUrl: string, memoryMaxEntries: number) {
  const memory = new Keyv({ store: new LRUCache<string, object>({ max: memoryMaxEntries }) });
  memory.serialize = undefined;
  memory.deserialize = undefined;
  const redisStore = new KeyvRedis(redisUrl);
  const redis = new Keyv({ store: redisStore, namespace: "cm" });
  const manager = createCacheManager({ stores: [memory, redis] });
  return { manager, redis, close: () => manager.disconnect() };
}

/** The scalability guide's CacheManager.get(key, fallback), on lru-cache and ioredis. */
export function naiveReadThrough(redisUrl: string) {
  const memory = new LRUCache<string, object>({ max: 1_000, ttl: 300_000 });
  const client = new Redis(redisUrl);
  return {
    async get<T extends object>(key: string, fallback: () => Promise<T>): Promise<T> {
      const inMemory = memory.get(key);
      if (inMemory !== undefined) return inMemory as T;
      const inRedis = await client.get(key);
      if (inRedis) {
        const parsed = JSON.parse(inRedis) as T;
        memory.set(key, parsed);
        return parsed;
      }
      const value = await fallback();
      memory.set(key, value);
      await client.setex(key, 600, JSON.stringify(value));
      return value;
    },
    close: () => client.disconnect(),
  };
}
