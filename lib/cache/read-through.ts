import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CacheSettings } from "./config";
import { UNAVAILABLE } from "./guarded-redis";
import type { L1Store } from "./l1";
import type { L2Entries } from "./l2";
import type { CacheMetrics } from "./metrics";
import type { PrefixRates } from "./rolling-rates";
import type { CacheEnvelope } from "./serializer";
import { SingleFlight } from "./single-flight";

export type GetOrLoadOptions = {
  /** Lifetime of the entry (L2; L1 keeps it at most this long too). Default CACHE_L2_TTL_SECONDS. */
  ttlSeconds?: number;
  tags?: readonly string[];
  /** Lifetime of a cached "not found" (the loader returned null/undefined). Default CACHE_NEGATIVE_TTL_SECONDS. */
  negativeTtlSeconds?: number;
};

export type ReadThroughDeps = {
  l1: L1Store;
  l2: L2Entries | null;
  settings: CacheSettings;
  metrics: CacheMetrics;
  rates: PrefixRates;
  now: () => number;
  /** Upper bound for L1 lifetimes right now (shorter while invalidations can't reach us). */
  l1TtlCapMs: () => number;
  /** Runs a background Redis write; close() waits for these. */
  track: (work: Promise<unknown>) => void;
};

type Served = { value: unknown; isFromCache: boolean };
type FillTicket = { tags: readonly string[]; isStale: boolean };

/**
 * Waiters poll every 5 ms for the first 50 ms (most fills are one short query, and a late poll
 * is pure added latency), then back off by half each time up to every 50 ms, so a slow loader
 * costs each waiting instance ~20 polls a second.
 */
const FAST_POLL_MS = 5;
const FAST_POLL_WINDOW_MS = 50;
const MAX_POLL_DELAY_MS = 50;

/**
 * L1 → L2 → loader, with stampede protection at both scopes: one fill per key in this process
 * (single-flight) and, across instances, a short Redis lock so that only its holder calls the
 * loader while the others poll L2 for the result, up to `fillWaitMs`, then load themselves.
 */
export class ReadThrough {
  private readonly flights = new SingleFlight<Served>();
  private readonly fills = new Map<string, FillTicket>();

  constructor(private readonly deps: ReadThroughDeps) {}

  async getOrLoad<T>(key: string, loader: () => Promise<T | null | undefined>, options: GetOrLoadOptions = {}): Promise<T | null> {
    const cached = this.fromL1(key);
    if (cached) return cached.value as T | null;
    this.deps.metrics.recordLookup("l1", false);
    const served = await this.flights.run(key, () => this.fill(key, loader, options));
    this.deps.rates.record(key, served.isFromCache);
    return served.value as T | null;
  }

  /**
   * This instance's copy, counted as an L1 hit, or undefined (not counted: the caller goes on to
   * getOrLoad, which counts the miss). Synchronous, so a hot path that finds its value here
   * skips the promise (and the async-context bookkeeping) of an await.
   */
  fromL1(key: string): { value: unknown } | undefined {
    const cached = this.deps.l1.get(key);
    if (!cached) return undefined;
    this.deps.metrics.recordLookup("l1", true);
    this.deps.rates.record(key, true);
    return cached;
  }

  /**
   * Fills in flight for matching keys must not store what they load (it may predate the write
   * behind the invalidation), and later callers must not join them.
   */
  markStale(matches: (key: string, tags: readonly string[]) => boolean): void {
    for (const [key, ticket] of this.fills) {
      if (!matches(key, ticket.tags)) continue;
      ticket.isStale = true;
      this.flights.forget(key);
    }
  }

  private async fill(key: string, loader: () => Promise<unknown>, options: GetOrLoadOptions): Promise<Served> {
    const ticket: FillTicket = { tags: options.tags ?? [], isStale: false };
    this.fills.set(key, ticket);
    try {
      const { l2, metrics, settings } = this.deps;
      if (!l2) return await this.load(key, loader, options, ticket, null);
      const cached = await l2.get(key);
      if (cached === UNAVAILABLE) return await this.load(key, loader, options, ticket, null);
      metrics.recordLookup("l2", cached !== null);
      if (cached) return this.serveFromL2(key, cached, ticket);
      const token = randomUUID();
      const lock = await l2.lockUnlessFilled(key, token, settings.fillLockTtlMs);
      if (typeof lock === "object") return this.serveFromL2(key, lock.filled, ticket);
      if (lock === "busy") {
        const filled = await this.waitForFill(l2, key);
        if (filled) return this.serveFromL2(key, filled, ticket);
      }
      return await this.load(key, loader, options, ticket, lock === "acquired" ? token : null);
    } finally {
      if (this.fills.get(key) === ticket) this.fills.delete(key);
    }
  }

  private serveFromL2(key: string, envelope: CacheEnvelope, ticket: FillTicket): Served {
    if (!ticket.isStale) this.storeInL1(key, envelope);
    return { value: envelope.found ? envelope.value : null, isFromCache: true };
  }

  private async waitForFill(l2: L2Entries, key: string): Promise<CacheEnvelope | null> {
    const startedAt = performance.now();
    const deadline = startedAt + this.deps.settings.fillWaitMs;
    let delayMs = FAST_POLL_MS;
    while (performance.now() < deadline) {
      await sleep(Math.min(delayMs, Math.max(1, deadline - performance.now())));
      if (performance.now() - startedAt >= FAST_POLL_WINDOW_MS) delayMs = Math.min(delayMs * 1.5, MAX_POLL_DELAY_MS);
      const poll = await l2.poll(key);
      if (poll === UNAVAILABLE) break;
      if (poll.envelope) {
        this.deps.metrics.stampedeWaits.inc({ outcome: "filled" });
        return poll.envelope;
      }
      // No entry and no lock: the holder's loader failed, or an invalidation took the lock.
      if (!poll.isLocked) break;
    }
    this.deps.metrics.stampedeWaits.inc({ outcome: "gave_up" });
    return null;
  }

  private async load(key: string, loader: () => Promise<unknown>, options: GetOrLoadOptions, ticket: FillTicket, lockToken: string | null): Promise<Served> {
    const { l2, metrics, settings } = this.deps;
    const startedAt = performance.now();
    const elapsedSeconds = () => (performance.now() - startedAt) / 1_000;
    let loaded: unknown;
    try {
      loaded = await loader();
    } catch (error) {
      metrics.loaderDuration.observe({ result: "error" }, elapsedSeconds());
      if (l2 && lockToken) this.deps.track(l2.releaseLock(key, lockToken));
      throw error;
    }
    const found = loaded !== null && loaded !== undefined;
    metrics.loaderDuration.observe({ result: found ? "found" : "not_found" }, elapsedSeconds());
    const ttlSeconds = found ? (options.ttlSeconds ?? settings.l2TtlSeconds) : (options.negativeTtlSeconds ?? settings.negativeTtlSeconds);
    const envelope: CacheEnvelope = { found, value: found ? loaded : null, expiresAtMs: this.deps.now() + ttlSeconds * 1_000, tags: ticket.tags };
    if (!ticket.isStale) {
      this.storeInL1(key, envelope);
      if (l2) this.deps.track(l2.fill(key, envelope, ttlSeconds * 1_000, lockToken));
    } else if (l2 && lockToken) {
      this.deps.track(l2.releaseLock(key, lockToken));
    }
    return { value: envelope.value, isFromCache: false };
  }

  private storeInL1(key: string, envelope: CacheEnvelope): void {
    const ttlMs = Math.min(this.deps.l1TtlCapMs(), envelope.expiresAtMs - this.deps.now());
    this.deps.l1.set(key, { found: envelope.found, value: envelope.value, tags: envelope.tags }, ttlMs);
  }
}
