import { fitLine, type LinearFit } from "../fit";
import type { DetectorResult, DetectorState } from "../types";

/** One reading of an instance's memory; heapUsedBytes is taken after a garbage collection when one was seen. */
export type MemorySample = { atMs: number; heapUsedBytes: number; rssBytes: number; heapLimitBytes: number; eventLoopLagSeconds: number | null };

export type MemoryThresholds = {
  /** Heap-after-GC growth, MB per minute, sustained over the window. */
  slopeWarningMbPerMin: number;
  slopeCriticalMbPerMin: number;
  /** The fit must explain this much of the variance: a steady sawtooth does not. */
  minR2: number;
  /** Samples must span at least this long before a trend is judged. */
  minWindowMs: number;
  /** Heap used as a share of the V8 heap limit (0–1): critical whatever the trend. */
  heapLimitCritical: number;
};

/**
 * Defaults: a heap that keeps > 1 MB/min of growth for 10 min (≥ 10 MB retained) with R² ≥ 0.8
 * is a leak worth a look; > 5 MB/min reaches a 512 MB instance's limit within about 1.5 h.
 * A steady load makes the heap saw up and down around a level: slope ≈ 0 or R² low.
 */
export const MEMORY_THRESHOLDS: MemoryThresholds = { slopeWarningMbPerMin: 1, slopeCriticalMbPerMin: 5, minR2: 0.8, minWindowMs: 10 * 60_000, heapLimitCritical: 0.9 };

const MB = 1024 * 1024;

export type TrendEvidence = { slopeMbPerMin: number; r2: number; interceptBytes: number } | null;

export type MemoryEvidence = {
  windowMs: number;
  sampleCount: number;
  heap: TrendEvidence;
  rss: TrendEvidence;
  latest: MemorySample | null;
  maxEventLoopLagSeconds: number | null;
  /** Heap, RSS and lag over the window: the card's chart (the fitted line is drawn from `heap`). */
  series: { atMs: number; heapUsedBytes: number; rssBytes: number; eventLoopLagSeconds: number | null }[];
};

export const MEMORY_GUIDE_TEXT =
  "Symptom: memory climbs steadily and does not come back down after garbage collection. " +
  "Take a heap snapshot, compare two taken minutes apart to find what keeps growing, and fix the retaining code; " +
  "meanwhile cap what can grow (bounded caches and queues) and let circuit breakers shed load before the instance runs out of memory.";

/** x in minutes from the first sample, y in bytes → slope in MB/min. */
function trend(samples: MemorySample[], value: (sample: MemorySample) => number): TrendEvidence {
  const first = samples[0];
  if (!first) return null;
  const fit: LinearFit | null = fitLine(samples.map((sample) => [(sample.atMs - first.atMs) / 60_000, value(sample)] as const));
  return fit ? { slopeMbPerMin: fit.slope / MB, r2: fit.r2, interceptBytes: fit.intercept } : null;
}

/** Judges the samples (oldest first) of one instance over the window they span. */
export function detectMemoryLeak(samples: MemorySample[], t: MemoryThresholds = MEMORY_THRESHOLDS): DetectorResult<MemoryEvidence> {
  const windowMs = samples.length > 1 ? samples.at(-1)!.atMs - samples[0]!.atMs : 0;
  const heap = trend(samples, (sample) => sample.heapUsedBytes);
  const rss = trend(samples, (sample) => sample.rssBytes);
  const latest = samples.at(-1) ?? null;
  const lags = samples.map((sample) => sample.eventLoopLagSeconds).filter((lag): lag is number => lag !== null);
  const reasons: { state: DetectorState; text: string }[] = [];
  if (heap && windowMs >= t.minWindowMs && heap.r2 >= t.minR2) {
    const growth = `heap after GC growing ${heap.slopeMbPerMin.toFixed(2)} MB/min over ${Math.round(windowMs / 1000)} s (R² ${heap.r2.toFixed(2)})`;
    if (heap.slopeMbPerMin > t.slopeCriticalMbPerMin) reasons.push({ state: "critical", text: growth });
    else if (heap.slopeMbPerMin > t.slopeWarningMbPerMin) reasons.push({ state: "warning", text: growth });
  }
  if (latest && latest.heapLimitBytes > 0 && latest.heapUsedBytes / latest.heapLimitBytes >= t.heapLimitCritical) {
    reasons.push({ state: "critical", text: `heap at ${Math.round((latest.heapUsedBytes / latest.heapLimitBytes) * 100)} % of the V8 limit` });
  }
  const state: DetectorState = reasons.some((reason) => reason.state === "critical") ? "critical" : reasons.length > 0 ? "warning" : "ok";
  return {
    state,
    reasons: reasons.map((reason) => reason.text),
    thresholds: [
      { label: "Heap-after-GC slope (least squares)", warning: `> ${t.slopeWarningMbPerMin} MB/min`, critical: `> ${t.slopeCriticalMbPerMin} MB/min` },
      { label: "Sustained for / fit quality", warning: `≥ ${t.minWindowMs / 60_000} min, R² ≥ ${t.minR2}`, critical: `≥ ${t.minWindowMs / 60_000} min, R² ≥ ${t.minR2}` },
      { label: "Heap vs V8 limit", warning: "—", critical: `≥ ${t.heapLimitCritical * 100} %` },
    ],
    evidence: {
      windowMs,
      sampleCount: samples.length,
      heap,
      rss,
      latest,
      maxEventLoopLagSeconds: lags.length > 0 ? Math.max(...lags) : null,
      series: samples.map(({ atMs, heapUsedBytes, rssBytes, eventLoopLagSeconds }) => ({ atMs, heapUsedBytes, rssBytes, eventLoopLagSeconds })),
    },
    remedies: [
      { title: "Heap snapshot", detail: "An admin takes two heap snapshots a few minutes apart and compares them in Chrome DevTools (Memory → Comparison) to see which objects keep growing." },
      { title: "Bound what grows", detail: "Caches, maps keyed by request data and listener lists need a size cap or TTL." },
      { title: "Protect the instance", detail: "Circuit breakers and load shedding keep a leaking instance serving until the fix ships; restart it before it reaches the limit." },
    ],
    guideText: MEMORY_GUIDE_TEXT,
  };
}
