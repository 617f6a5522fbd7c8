import type { InvalidationDelivery, InvalidationGap, StaleCheck } from "@/lib/cache";
import type { DetectorResult, DetectorState, ThresholdDescription } from "../types";

/** One look at this instance's cache; `invalidations` is null in embedded (L1-only) mode. */
export type CacheSample = {
  atMs: number;
  invalidations: {
    /** Remote invalidations received in the lag window (see the probe), oldest first. */
    deliveries: InvalidationDelivery[];
    /** Newest first; an open gap (endedAtMs null) while the subscription is down now. */
    gaps: InvalidationGap[];
    gapsTotal: number;
    staleEntriesTotal: number;
  } | null;
  staleCheck: StaleCheck;
};

export type CacheThresholds = {
  /** p95 of publish → applied lag of invalidations from other instances, over the lag window. */
  deliveryLagP95WarningMs: number;
  deliveryLagP95CriticalMs: number;
  /** A gap repaired (L1 cleared) this recently still warns: reads missed during it went to the loader or were stale. */
  repairedGapWarningMs: number;
};

export const CACHE_THRESHOLDS: CacheThresholds = { deliveryLagP95WarningMs: 100, deliveryLagP95CriticalMs: 1_000, repairedGapWarningMs: 15 * 60_000 };

export const L1_ONLY_NOTE = "Not applicable in L1-only mode: there is no Redis, so no other instance's invalidations to receive and no second copy to compare with.";

export type DeliveryStats = { count: number; p50Ms: number; p95Ms: number; maxMs: number };

export type CacheEvidence = {
  mode: "l1-only" | "l1+redis";
  /** Why nothing is judged (embedded mode), else null. */
  note: string | null;
  delivery: DeliveryStats | null;
  /** Since when the subscription is down, or null while it is up. */
  openGapSinceMs: number | null;
  gaps: InvalidationGap[];
  gapsTotal: number;
  staleCheck: StaleCheck;
  staleEntriesTotal: number;
  /** p95 delivery lag per sample (null: no deliveries then): the card's chart. */
  lagSeries: [number, number | null][];
};

export const CACHE_GUIDE_TEXT =
  "Symptom: under load some instances keep serving data that was already changed elsewhere. " +
  "Invalidate every copy on each write: delete the Redis copy first, then tell the other instances so they drop their in-process copies; " +
  "assume messages were lost whenever an instance was cut off from the bus and clear its local cache when it reconnects; " +
  "and keep TTLs short enough to bound whatever still slips through.";

/** Nearest-rank percentile of values sorted ascending. */
function percentile(sorted: number[], share: number): number {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)]!;
}

export function summarizeDeliveries(deliveries: InvalidationDelivery[]): DeliveryStats | null {
  if (deliveries.length === 0) return null;
  const sorted = deliveries.map((delivery) => delivery.lagMs).sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted.at(-1)! };
}

function describeThresholds(t: CacheThresholds): ThresholdDescription[] {
  return [
    { label: "Invalidation delivery lag p95 (publish → applied)", warning: `> ${t.deliveryLagP95WarningMs} ms`, critical: `> ${t.deliveryLagP95CriticalMs} ms` },
    { label: "Subscription gap (messages may be lost)", warning: `repaired in the last ${t.repairedGapWarningMs / 60_000} min`, critical: "open now (not repaired)" },
    { label: "Stale L1 entries (differ from L2 after a grace period)", warning: "—", critical: "any in the latest check" },
  ];
}

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;

function judge(latest: CacheSample, delivery: DeliveryStats | null, t: CacheThresholds): { state: DetectorState; text: string }[] {
  const reasons: { state: DetectorState; text: string }[] = [];
  if (delivery && delivery.p95Ms > t.deliveryLagP95CriticalMs) reasons.push({ state: "critical", text: `invalidation delivery lag p95 ${Math.round(delivery.p95Ms)} ms over ${delivery.count} messages` });
  else if (delivery && delivery.p95Ms > t.deliveryLagP95WarningMs) reasons.push({ state: "warning", text: `invalidation delivery lag p95 ${Math.round(delivery.p95Ms)} ms over ${delivery.count} messages` });
  for (const gap of latest.invalidations?.gaps ?? []) {
    if (gap.endedAtMs === null) {
      reasons.push({ state: "critical", text: `invalidations from other instances can't reach this one for ${seconds(latest.atMs - gap.startedAtMs)} (subscription down)` });
    } else if (latest.atMs - gap.endedAtMs <= t.repairedGapWarningMs) {
      reasons.push({ state: "warning", text: `subscription was down for ${seconds(gap.endedAtMs - gap.startedAtMs)}, ${seconds(latest.atMs - gap.endedAtMs)} ago; L1 cleared on reconnect (${gap.l1EntriesDropped ?? 0} entries dropped)` });
    }
  }
  const check = latest.staleCheck;
  if (check.status === "checked" && check.staleKeys.length > 0) {
    reasons.push({ state: "critical", text: `${check.staleKeys.length} of ${check.compared} sampled L1 entries differed from L2 (stale; dropped)` });
  }
  return reasons;
}

/** Cache invalidation health from the recent samples (oldest first) of one instance. */
export function detectCacheInvalidation(samples: CacheSample[], t: CacheThresholds = CACHE_THRESHOLDS): DetectorResult<CacheEvidence> {
  const latest = samples.at(-1);
  const invalidations = latest?.invalidations ?? null;
  const delivery = summarizeDeliveries(invalidations?.deliveries ?? []);
  const reasons = latest ? judge(latest, delivery, t) : [];
  const worst = reasons.some((reason) => reason.state === "critical") ? "critical" : reasons.length > 0 ? "warning" : "ok";
  return {
    state: worst,
    reasons: reasons.map((reason) => reason.text),
    thresholds: describeThresholds(t),
    evidence: {
      mode: invalidations ? "l1+redis" : "l1-only",
      note: latest && !invalidations ? L1_ONLY_NOTE : null,
      delivery,
      openGapSinceMs: invalidations?.gaps.find((gap) => gap.endedAtMs === null)?.startedAtMs ?? null,
      gaps: invalidations?.gaps.slice(0, 5) ?? [],
      gapsTotal: invalidations?.gapsTotal ?? 0,
      staleCheck: latest?.staleCheck ?? { status: "not-applicable" },
      staleEntriesTotal: invalidations?.staleEntriesTotal ?? 0,
      lagSeries: samples.map((sample) => [sample.atMs, summarizeDeliveries(sample.invalidations?.deliveries ?? [])?.p95Ms ?? null]),
    },
    remedies: [
      { title: "Slow delivery", detail: "Check Redis latency (SLOWLOG, INFO commandstats), the network to it and the receiving instance's event-loop lag; the lag compares two clocks, so check NTP too." },
      { title: "Subscription gaps", detail: "Find why the subscriber connection drops (Redis restarts or failover, maxclients, client-output-buffer-limit pubsub, network). Each gap clears L1 on reconnect: expect a burst of misses." },
      { title: "Stale entries", detail: "Something changed L2 without the invalidation reaching this instance: a write path that skips invalidateKey/Tag, a direct Redis write, or a lost message. Found entries are dropped; lower CACHE_L1_TTL_SECONDS to bound staleness meanwhile." },
    ],
    guideText: CACHE_GUIDE_TEXT,
  };
}
