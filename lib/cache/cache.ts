import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ValidationError } from "@/lib/http/errors";
import { CircuitBreaker, type BreakerState } from "./breaker";
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from "./config";
import { globToRegExp } from "./glob";
import { GuardedRedis, UNAVAILABLE } from "./guarded-redis";
import type { InvalidationBus, InvalidationBusHandlers } from "./invalidation-bus";
import { InvalidationHealth, type InvalidationHealthSnapshot } from "./invalidation-health";
import { Invalidator, type InvalidationResult } from "./invalidator";
import { isOwnPattern } from "./keys";
import { L1Store } from "./l1";
import { L2Entries } from "./l2";
import { L2Invalidation } from "./l2-invalidation";
import { cacheMetrics, type CacheGaugeSource } from "./metrics";
import { PendingInvalidations } from "./pending-invalidations";
import { PgInvalidationBus } from "./pg-invalidation-bus";
import type { PgSignalChannel } from "./pg-signal-channel";
import { PreviewTally, type InvalidationPreview, type PreviewTarget } from "./preview";
import { ReadThrough, type GetOrLoadOptions } from "./read-through";
import { RedisInvalidationBus } from "./redis-invalidation-bus";
import { PrefixRates } from "./rolling-rates";
import { checkL1AgainstL2, DEFAULT_STALE_CHECK, type StaleCheck, type StaleCheckOptions } from "./stale-check";

export type CacheLog = { warn(message: string, fields?: Record<string, unknown>): void };

export type CreateCacheOptions = {
  /** Redis for L2 and cross-instance invalidation; none (or empty) = embedded mode, L1 only. */
  redisUrl?: string | null;
  /** Without Redis: PostgreSQL LISTEN/NOTIFY carries invalidations between instances. Ignored with Redis. */
  signals?: PgSignalChannel | null;
  /** Identifies this instance in invalidation messages; unique per process by default. */
  instanceId?: string;
  /** Milliseconds since the epoch; TTLs, the breaker cool-down and request rates run on it. */
  now?: () => number;
  settings?: Partial<CacheSettings>;
  log?: CacheLog;
};

export type CacheHealth = { mode: "l1-only" | "l1+redis"; breaker: BreakerState; redis: string };

const RATE_WINDOW_MS = 60_000;
const MAX_TRACKED_PREFIXES = 10_000;

type RedisParts = { guarded: GuardedRedis; entries: L2Entries; invalidation: L2Invalidation; bus: InvalidationBus };

/** The multi-level cache: L1 in-process LRU, L2 Redis (optional), read-through with stampede protection. */
export class Cache {
  private readonly settings: CacheSettings;
  private readonly now: () => number;
  private readonly metrics = cacheMetrics();
  private readonly breaker: CircuitBreaker;
  private readonly l1: L1Store;
  private readonly redis: RedisParts | null = null;
  /** How invalidations reach the other instances (Redis, PostgreSQL), null when nothing carries them. */
  private readonly bus: InvalidationBus | null;
  private readonly rates: PrefixRates;
  private readonly readThrough: ReadThrough;
  private readonly invalidator: Invalidator;
  private readonly backgroundWrites = new Set<Promise<unknown>>();
  private readonly gaugeSource: CacheGaugeSource;
  private readonly invalidationHealth = new InvalidationHealth(this.metrics);
  readonly instanceId: string;

  constructor(options: CreateCacheOptions = {}) {
    this.settings = { ...DEFAULT_CACHE_SETTINGS, ...options.settings };
    this.now = options.now ?? Date.now;
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const log = options.log ?? { warn: () => {} };
    this.breaker = new CircuitBreaker({
      failureThreshold: this.settings.breakerFailureThreshold,
      cooldownMs: this.settings.breakerCooldownMs,
      now: this.now,
      onStateChange: (state) => {
        // Half-open is routine probing during an outage; open and closed are the news.
        if (state !== "half-open") log.warn(`cache: Redis circuit breaker ${state}`, { instanceId: this.instanceId });
        if (state === "closed") void this.invalidator.replayPending();
      },
    });
    this.l1 = new L1Store({ maxEntries: this.settings.l1MaxEntries, now: this.now, onEvict: () => this.metrics.l1Evictions.inc() });
    this.rates = new PrefixRates(RATE_WINDOW_MS, MAX_TRACKED_PREFIXES, this.now);
    if (options.redisUrl) this.redis = this.connectRedis(options.redisUrl);
    this.bus = this.redis?.bus ?? (options.signals ? new PgInvalidationBus({ ...this.busHandlers(), channel: options.signals }) : null);
    this.readThrough = new ReadThrough({
      l1: this.l1,
      l2: this.redis?.entries ?? null,
      settings: this.settings,
      metrics: this.metrics,
      rates: this.rates,
      now: this.now,
      l1TtlCapMs: () => this.l1TtlCapMs(),
      track: (work) => this.track(work),
    });
    const pending = new PendingInvalidations((dropped) => log.warn("cache: too many invalidations waiting for Redis; dropping one", { dropped }));
    this.invalidator = new Invalidator({ l1: this.l1, readThrough: this.readThrough, redis: this.redis, peers: this.bus, pending, metrics: this.metrics });
    this.gaugeSource = { l1Entries: () => this.l1.size, breakerState: () => this.breaker.state() };
    this.metrics.sources.add(this.gaugeSource);
  }

  getOrLoad<T>(key: string, loader: () => Promise<T | null | undefined>, options?: GetOrLoadOptions): Promise<T | null> {
    return this.readThrough.getOrLoad(key, loader, options);
  }

  /** The value when this instance's L1 holds it (a hit), else undefined; see ReadThrough.fromL1. */
  cachedInL1<T>(key: string): { value: T | null } | undefined {
    return this.readThrough.fromL1(key) as { value: T | null } | undefined;
  }

  invalidateKey(key: string): Promise<InvalidationResult> {
    return this.invalidator.invalidate({ kind: "keys", keys: [key] });
  }

  invalidateKeys(keys: readonly string[]): Promise<InvalidationResult> {
    return this.invalidator.invalidate({ kind: "keys", keys: [...keys] });
  }

  invalidateTag(tag: string): Promise<InvalidationResult> {
    return this.invalidator.invalidate({ kind: "tag", tag });
  }

  /** SCAN + UNLINK in batches; prefer tags, and look at `previewInvalidation` first. */
  invalidatePattern(pattern: string): Promise<InvalidationResult> {
    assertOwnPattern(pattern);
    return this.invalidator.invalidate({ kind: "pattern", pattern });
  }

  /** What a tag or pattern invalidation would remove, and the database load it would cause. */
  async previewInvalidation(target: PreviewTarget): Promise<InvalidationPreview> {
    if ("pattern" in target) assertOwnPattern(target.pattern);
    const tally = new PreviewTally();
    if (this.redis) {
      const onPage = (keys: string[]) => tally.add(keys);
      const scanned = "tag" in target ? await this.redis.invalidation.previewTag(target.tag, onPage) : await this.redis.invalidation.previewPattern(target.pattern, onPage);
      if (scanned !== UNAVAILABLE) return tally.summarize(target, "redis", this.rates, (await this.redis.bus.countInstances()) ?? 1);
    }
    // Embedded mode, or Redis unavailable: this instance's L1 is all we can see.
    const local = new PreviewTally();
    if ("tag" in target) local.add(this.l1.keysWithTag(target.tag));
    else {
      const pattern = globToRegExp(target.pattern);
      local.add(this.l1.keys().filter((key) => pattern.test(key)));
    }
    // Without Redis every instance's L1 is dropped alike: the listeners on PostgreSQL count them.
    const instances = this.redis ? 1 : ((await this.bus?.countInstances()) ?? 1);
    return local.summarize(target, "l1", this.rates, instances);
  }

  describeHealth(): CacheHealth {
    return {
      mode: this.redis?.guarded.isUsable() ? "l1+redis" : "l1-only",
      breaker: this.breaker.state(),
      redis: this.redis?.guarded.status ?? "disabled",
    };
  }

  /**
   * How invalidations from other instances reach this one: delivery lags since `sinceMs` and the
   * gaps in the subscription. Null when no bus carries other instances' messages.
   */
  describeInvalidations(sinceMs: number): InvalidationHealthSnapshot | null {
    if (!this.bus) return null;
    return this.invalidationHealth.snapshot(sinceMs, this.bus.lostSinceMs());
  }

  /** Compares a sample of L1 entries with their L2 copies; stale ones are counted and dropped. */
  async checkL1AgainstL2(options: Partial<StaleCheckOptions> = {}): Promise<StaleCheck> {
    if (!this.redis) return { status: "not-applicable" };
    const result = await checkL1AgainstL2(this.l1, this.redis.guarded, { ...DEFAULT_STALE_CHECK, ...options });
    if (result.status === "checked") this.invalidationHealth.recordStaleEntries(result.staleKeys.length);
    return result;
  }

  /** Waits for background writes, then disconnects. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.backgroundWrites]);
    this.metrics.sources.delete(this.gaugeSource);
    this.bus?.disconnect();
    this.redis?.guarded.disconnect();
  }

  private connectRedis(url: string): RedisParts {
    const guarded = new GuardedRedis({ url, timeoutMs: this.settings.redisTimeoutMs, breaker: this.breaker, metrics: this.metrics });
    guarded.client.on("ready", () => void this.invalidator.replayPending());
    const bus = new RedisInvalidationBus({ ...this.busHandlers(), redis: guarded });
    return { guarded, entries: new L2Entries(guarded), invalidation: new L2Invalidation(guarded), bus };
  }

  private busHandlers(): InvalidationBusHandlers {
    return {
      instanceId: this.instanceId,
      now: this.now,
      onRemoteInvalidation: (invalidation, publishedAtMs) => {
        this.invalidator.applyRemote(invalidation);
        if (publishedAtMs !== null) this.invalidationHealth.recordDelivery(this.now(), publishedAtMs);
      },
      // Invalidations sent while we were cut off are lost: start over rather than serve them stale.
      onResubscribed: (gap) => {
        const dropped = this.l1.size;
        this.l1.clear();
        this.readThrough.markStale(() => true);
        this.invalidationHealth.recordRepairedGap(gap, dropped);
      },
      onSubscribedLate: () => {
        this.l1.clear();
        this.readThrough.markStale(() => true);
      },
    };
  }

  /** While the bus is cut off, L1 entries live only briefly: invalidations may be passing us by. */
  private l1TtlCapMs(): number {
    const isCutOff = this.bus !== null && !this.bus.isConnected();
    return (isCutOff ? this.settings.l1TtlWhileRedisDownSeconds : this.settings.l1TtlSeconds) * 1_000;
  }

  private track(work: Promise<unknown>): void {
    this.backgroundWrites.add(work);
    void work.finally(() => this.backgroundWrites.delete(work));
  }
}

function assertOwnPattern(pattern: string): void {
  if (!isOwnPattern(pattern)) throw new ValidationError(`cache pattern must start with "agency:" and be narrower than everything: ${pattern}`);
}
