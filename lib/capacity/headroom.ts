// Headroom: when, at the recent growth, a figure crosses the next tier's threshold. Pure.

export type Point = [atMs: number, value: number];

export type LinearFit = { slopePerMs: number; intercept: number; slopeStandardError: number; points: number };

/** Least squares over the points, with the slope's standard error (how sure the trend is). */
export function fitLine(points: readonly Point[]): LinearFit | null {
  const n = points.length;
  if (n < 3) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  if (sxx === 0) return null;
  const slopePerMs = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / sxx;
  const intercept = meanY - slopePerMs * meanX;
  const residuals = points.reduce((sum, [x, y]) => sum + (y - (intercept + slopePerMs * x)) ** 2, 0);
  return { slopePerMs, intercept, slopeStandardError: Math.sqrt(residuals / (n - 2) / sxx), points: n };
}

export type Headroom =
  | { kind: "no-trend"; reason: string }
  | { kind: "not-growing"; perDay: number }
  | { kind: "already-over"; threshold: number }
  | {
      kind: "crossing";
      threshold: number;
      perDay: number;
      /** The fitted line's crossing, and the range of the slope ± one standard error (latest null: may never cross). */
      at: string;
      earliest: string;
      latest: string | null;
    };

const DAY_MS = 86_400_000;

/** When the line through `points` reaches `threshold`, with the range a ± 1 standard-error slope gives. */
export function forecastCrossing(points: readonly Point[], threshold: number, nowMs: number): Headroom {
  const fit = fitLine(points);
  if (!fit) return { kind: "no-trend", reason: "fewer than 3 samples spread over time" };
  const valueNow = fit.intercept + fit.slopePerMs * nowMs;
  if (valueNow > threshold) return { kind: "already-over", threshold };
  if (fit.slopePerMs <= 0) return { kind: "not-growing", perDay: fit.slopePerMs * DAY_MS };
  const crossingAt = (slope: number) => (slope > 0 ? nowMs + (threshold - valueNow) / slope : null);
  const at = crossingAt(fit.slopePerMs)!;
  const earliest = crossingAt(fit.slopePerMs + fit.slopeStandardError)!;
  const latest = crossingAt(fit.slopePerMs - fit.slopeStandardError);
  const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
  return { kind: "crossing", threshold, perDay: fit.slopePerMs * DAY_MS, at: iso(at), earliest: iso(earliest), latest: latest === null ? null : iso(latest) };
}
