import { parseCacheKey } from "./keys";
import type { PrefixRates } from "./rolling-rates";
import { keyPrefix } from "./rolling-rates";

export type PreviewTarget = { tag: string } | { pattern: string };

export type InvalidationPreview = {
  target: PreviewTarget;
  /** Where the keys were counted: Redis (every instance's entries) or only this instance's L1. */
  source: "redis" | "l1";
  keys: number;
  tenants: number;
  /** Up to PREVIEW_TENANT_SAMPLE of the tenants whose keys match, so the operator can name them. */
  tenantIds: string[];
  keysByDomain: Record<string, number>;
  /** Instances listening for invalidations (pub/sub subscribers); 1 when unknown. */
  instances: number;
  /** Requests per second to the affected key prefixes (`agency:<domain>:<tenantId>`), fleet-wide estimate. */
  requestsPerSecond: number;
  /** Share of those requests served from cache (L1 or L2) now. */
  hitRatio: number;
  /**
   * Requests per second that the cache absorbs now and that would go to the database right after
   * the invalidation, until the entries are filled again: request rate × hit ratio. An upper
   * bound: the rate is per prefix, and a tag may cover only part of a prefix's keys.
   */
  expectedExtraLoadPerSecond: number;
  /** Loader calls the refill costs at most with stampede protection: one per key. */
  maxLoaderCalls: number;
};

const PREVIEW_TENANT_SAMPLE = 20;

/** Counts matched keys page by page, keeping only per-tenant and per-prefix sets in memory. */
export class PreviewTally {
  private keyCount = 0;
  private readonly tenantIds = new Set<string>();
  private readonly prefixes = new Set<string>();
  private readonly byDomain: Record<string, number> = {};

  add(keys: Iterable<string>): void {
    for (const key of keys) {
      const parsed = parseCacheKey(key);
      if (!parsed) continue; // the cache's bookkeeping (tag sets, fill locks), not entries
      this.keyCount += 1;
      this.tenantIds.add(parsed.tenantId);
      this.prefixes.add(keyPrefix(key));
      this.byDomain[parsed.domain] = (this.byDomain[parsed.domain] ?? 0) + 1;
    }
  }

  summarize(target: PreviewTarget, source: "redis" | "l1", rates: PrefixRates, instances: number): InvalidationPreview {
    const local = rates.readCachedLoad(this.prefixes);
    return {
      target,
      source,
      keys: this.keyCount,
      tenants: this.tenantIds.size,
      tenantIds: [...this.tenantIds].sort().slice(0, PREVIEW_TENANT_SAMPLE),
      keysByDomain: { ...this.byDomain },
      instances,
      requestsPerSecond: round(local.requestsPerSecond * instances),
      hitRatio: round(local.hitRatio),
      expectedExtraLoadPerSecond: round(local.cachedRequestsPerSecond * instances),
      maxLoaderCalls: this.keyCount,
    };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
