import { db, type Database } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { startQueue } from "@/lib/queue";
import { Cache, type CacheHealth, type CreateCacheOptions } from "./cache";
import type { InvalidationResult } from "./invalidator";
import { cacheSettingsFromEnv } from "./config";
import { PgSignalChannel, type PgSignalServer } from "./pg-signal-channel";
import type { InvalidationPreview, PreviewTarget } from "./preview";
import type { GetOrLoadOptions } from "./read-through";
import { CacheWarming, type WarmProgress, type Warmer, type WarmRun } from "./warming";

export { Cache, type CacheHealth, type CreateCacheOptions } from "./cache";
export type { InvalidationResult } from "./invalidator";
export type { InvalidationDelivery, InvalidationGap, InvalidationHealthSnapshot } from "./invalidation-health";
export type { StaleCheck } from "./stale-check";
export { cacheKeys, cachePatterns, cacheTags } from "./keys";
export { PgSignalChannel, type PgSignalServer } from "./pg-signal-channel";
export type { InvalidationPreview, PreviewTarget } from "./preview";
export type { GetOrLoadOptions } from "./read-through";
export {
  CacheWarming,
  DASHBOARD_STATS_WARMER,
  POPULAR_TEMPLATES_WARMER,
  warmEach,
  type ReportProgress,
  type WarmProgress,
  type Warmer,
  type WarmRun,
} from "./warming";

/** A cache of its own, e.g. for tests: inject the Redis URL (or none), instance id, clock, settings. */
export function createCache(options: CreateCacheOptions = {}): Cache {
  return new Cache(options);
}

/** This module copy's handle on the process's cache: every request asks for it several times. */
let processCache: Cache | undefined;

/**
 * The process's cache: L1 + Redis when REDIS_URL is set; otherwise L1 only, with invalidations
 * between instances over PostgreSQL LISTEN/NOTIFY.
 */
export function cache(): Cache {
  return (processCache ??= processSingleton("cache", () => {
    const config = env();
    const redisUrl = config.REDIS_URL ?? null;
    return createCache({ redisUrl, signals: redisUrl ? null : pgSignals(), settings: cacheSettingsFromEnv(config), log: logger });
  }));
}

/** The process's LISTEN connection for signals between instances without Redis (cache, overrides). */
export function pgSignals(): PgSignalChannel {
  return processSingleton("pg-signals", () => new PgSignalChannel({ server: pgSignalServer(db()), log: logger }));
}

/**
 * Signals on `database`'s primary, following it through promotions. NOTIFY goes through the
 * write pool; while the primary is known down it is not even tried, so a request that
 * invalidates never waits on a connect that cannot succeed.
 */
export function pgSignalServer(database: Database): PgSignalServer {
  return {
    url: () => database.primaryUrl(),
    onChanged: (listener) => database.promotion.onPrimaryChanged(() => listener()),
    async notify(channel, payloads) {
      if (!database.primaryReachable()) throw new Error("the primary is unreachable");
      await database.primary.$executeRaw`SELECT pg_notify(${channel}, payload) FROM unnest(${payloads}::text[]) AS payload`;
    },
  };
}

/** Read-through: L1 → L2 → `loader` (null/undefined = not found, cached briefly). */
export function getOrLoad<T>(key: string, loader: () => Promise<T | null | undefined>, options?: GetOrLoadOptions): Promise<T | null> {
  return cache().getOrLoad(key, loader, options);
}

/**
 * The value when this instance's L1 holds it, else undefined (then call getOrLoad). For the few
 * lookups every request makes, where a hit should not cost an await.
 */
export function cachedInL1<T>(key: string): { value: T | null } | undefined {
  return cache().cachedInL1<T>(key);
}

export function invalidateKey(key: string): Promise<InvalidationResult> {
  return cache().invalidateKey(key);
}

export function invalidateKeys(keys: readonly string[]): Promise<InvalidationResult> {
  return cache().invalidateKeys(keys);
}

export function invalidateTag(tag: string): Promise<InvalidationResult> {
  return cache().invalidateTag(tag);
}

export function invalidatePattern(pattern: string): Promise<InvalidationResult> {
  return cache().invalidatePattern(pattern);
}

export function previewInvalidation(target: PreviewTarget): Promise<InvalidationPreview> {
  return cache().previewInvalidation(target);
}

/** For /api/ready: whether L2 is in use, the breaker's state and the ioredis connection status. */
export function describeCacheHealth(): CacheHealth {
  return cache().describeHealth();
}

function cacheWarming(): CacheWarming {
  return processSingleton("cache-warming", () => new CacheWarming());
}

/** Adds a warmer; once warming has started it is scheduled right away. */
export function registerWarmer(warmer: Warmer): Promise<void> {
  return cacheWarming().register(warmer);
}

/** Schedules every registered warmer on the process's job queue and works their jobs here. */
export async function startCacheWarming(): Promise<void> {
  await cacheWarming().start(await startQueue());
}

export function stopCacheWarming(): Promise<void> {
  return cacheWarming().stop();
}

/** Runs one warmer (or all) now, in this process; progress as it goes, counts at the end. */
export function warmNow(name?: string, onProgress?: (progress: WarmProgress) => void): Promise<WarmRun[]> {
  return cacheWarming().warmNow(name, onProgress);
}
