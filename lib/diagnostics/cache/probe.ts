import type { Cache } from "@/lib/cache";
import type { CacheSample } from "./detect";

/** Delivery lag is judged over the last minute of received invalidations. */
export const DELIVERY_WINDOW_MS = 60_000;

/** The cache calls the probe needs; tests may pass their own instance. */
export type CacheDiagnosticsSource = Pick<Cache, "describeInvalidations" | "checkL1AgainstL2">;

/** This instance's invalidation bus and a stale check of a bounded sample of its L1. */
export async function readCacheInvalidation(cache: CacheDiagnosticsSource, atMs: number): Promise<CacheSample> {
  const staleCheck = await cache.checkL1AgainstL2();
  const snapshot = cache.describeInvalidations(atMs - DELIVERY_WINDOW_MS);
  return {
    atMs,
    invalidations: snapshot && { deliveries: snapshot.deliveries, gaps: snapshot.gaps, gapsTotal: snapshot.gapsTotal, staleEntriesTotal: snapshot.staleEntriesTotal },
    staleCheck,
  };
}
