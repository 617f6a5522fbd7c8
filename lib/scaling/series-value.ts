// The value an instant-vector selector sees at one evaluation time, as PromQL's
// vectorSelectorSingle (prometheus/prometheus promql/engine.go) picks it.

/** A sample; `value: null` is a staleness marker (Prometheus's StaleNaN): the series has ended. */
export type SeriesPoint = { tSeconds: number; value: number | null };

/** PromQL's default `--query.lookback-delta`. */
export const LOOKBACK_DELTA_SECONDS = 5 * 60;

/**
 * The latest point at or before `evalTimeSeconds`, if it is younger than the lookback delta and
 * not a staleness marker. The window is left-open, as in Prometheus 3
 * (`t <= refTime-lookbackDelta` → no value): a point exactly 5 minutes old is no value.
 * A staleness marker hides older points, as StaleNaN does. Of two points with the same time, the
 * later one in the array wins.
 */
export function findValueAtEvalTime(series: readonly SeriesPoint[], evalTimeSeconds: number): number | null {
  let latest: SeriesPoint | undefined;
  for (const point of series) {
    if (point.tSeconds <= evalTimeSeconds && (latest === undefined || point.tSeconds >= latest.tSeconds)) {
      latest = point;
    }
  }
  if (latest === undefined || latest.tSeconds <= evalTimeSeconds - LOOKBACK_DELTA_SECONDS) return null;
  return latest.value;
}
