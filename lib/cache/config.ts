import { z } from "zod";

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const milliseconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Cache settings; the defaults are the scalability guide's. */
export const cacheEnvShape = {
  /** In-process LRU bound; the least recently used entry goes first. */
  CACHE_L1_MAX_ENTRIES: z.coerce.number().int().min(1).default(1_000),
  CACHE_L1_TTL_SECONDS: seconds(300),
  /**
   * While Redis (and with it cross-instance invalidation) is away, another instance's write can't
   * reach our L1, so L1 keeps entries only this long to bound how stale a read can be.
   */
  CACHE_L1_TTL_WHILE_REDIS_DOWN_SECONDS: seconds(30),
  CACHE_L2_TTL_SECONDS: seconds(600),
  /** "Not found" is cached this long, so a flood of missing ids doesn't reach the database. */
  CACHE_NEGATIVE_TTL_SECONDS: seconds(30),
  /** Every Redis command gives up after this; the cache then serves L1 + loader. */
  CACHE_REDIS_TIMEOUT_MS: milliseconds(150),
  /** Consecutive Redis failures that open the circuit breaker. */
  CACHE_BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).default(5),
  /** How long the breaker stays open before one probe command may try Redis again. */
  CACHE_BREAKER_COOLDOWN_MS: milliseconds(5_000),
  /** Lifetime of the cross-instance fill lock; a loader slower than this no longer holds it. */
  CACHE_FILL_LOCK_TTL_MS: milliseconds(5_000),
  /** How long an instance waits for another one's fill before loading itself. */
  CACHE_FILL_WAIT_MS: milliseconds(2_000),
};

/** The parsed settings a cache instance runs with (see {@link cacheEnvShape} for meanings). */
export type CacheSettings = {
  l1MaxEntries: number;
  l1TtlSeconds: number;
  l1TtlWhileRedisDownSeconds: number;
  l2TtlSeconds: number;
  negativeTtlSeconds: number;
  redisTimeoutMs: number;
  breakerFailureThreshold: number;
  breakerCooldownMs: number;
  fillLockTtlMs: number;
  fillWaitMs: number;
};

type CacheEnv = { [K in keyof typeof cacheEnvShape]: z.infer<(typeof cacheEnvShape)[K]> };

export function cacheSettingsFromEnv(source: CacheEnv): CacheSettings {
  return {
    l1MaxEntries: source.CACHE_L1_MAX_ENTRIES,
    l1TtlSeconds: source.CACHE_L1_TTL_SECONDS,
    l1TtlWhileRedisDownSeconds: source.CACHE_L1_TTL_WHILE_REDIS_DOWN_SECONDS,
    l2TtlSeconds: source.CACHE_L2_TTL_SECONDS,
    negativeTtlSeconds: source.CACHE_NEGATIVE_TTL_SECONDS,
    redisTimeoutMs: source.CACHE_REDIS_TIMEOUT_MS,
    breakerFailureThreshold: source.CACHE_BREAKER_FAILURE_THRESHOLD,
    breakerCooldownMs: source.CACHE_BREAKER_COOLDOWN_MS,
    fillLockTtlMs: source.CACHE_FILL_LOCK_TTL_MS,
    fillWaitMs: source.CACHE_FILL_WAIT_MS,
  };
}

/** The defaults, for tests and benchmarks that build a cache without the environment. */
export const DEFAULT_CACHE_SETTINGS: CacheSettings = cacheSettingsFromEnv(z.object(cacheEnvShape).parse({}));
