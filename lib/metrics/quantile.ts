/**
 * A quantile from cumulative histogram buckets, the way PromQL's histogram_quantile does it:
 * find the bucket the rank falls in and interpolate linearly inside it. Pure.
 */
export type Bucket = { le: number; count: number };

export function histogramQuantile(quantile: number, buckets: Bucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = quantile * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      // Past the largest finite bucket the best answer is that bucket's upper bound.
      if (!Number.isFinite(bucket.le)) return previousLe;
      const inBucket = bucket.count - previousCount;
      if (inBucket <= 0) return bucket.le;
      return previousLe + (bucket.le - previousLe) * ((rank - previousCount) / inBucket);
    }
    previousLe = bucket.le;
    previousCount = bucket.count;
  }
  return previousLe;
}
