// The replica-ratio rule of kubernetes pkg/controller/podautoscaler/replica_calculator.go for
// each autoscaling/v2 target type, with every pod ready and reporting (no missing or unready
// pods to rebalance). Values are milli-units, integers as Quantity.MilliValue() returns them.

export type MetricReading =
  /** Resource metric, Utilization target: per-pod usage and requests, target in percent. */
  | { target: "Utilization"; targetPercent: number; podUsagesMilli: readonly number[]; podRequestsMilli: readonly number[] }
  /** Pods metric or Resource AverageValue: per-pod values against a per-pod target. */
  | { target: "AverageValuePerPod"; targetMilli: number; podValuesMilli: readonly number[] }
  /** Object or External metric with AverageValue: one total against a per-pod target. */
  | { target: "AverageValueTotal"; targetMilli: number; totalMilli: number }
  /** Object or External metric with Value: one value against the target value. */
  | { target: "Value"; targetMilli: number; valueMilli: number };

/** --horizontal-pod-autoscaler-tolerance's default. */
export const DEFAULT_TOLERANCE = 0.1;

const MAX_INT32 = 2 ** 31 - 1;

/**
 * Too small a change to act on. Written as `math.Abs(1.0-usageRatio) <= tolerance`, so at a
 * ratio of exactly 1.1 float rounding gives 0.10000000000000009 and the HPA scales, while 0.9
 * gives 0.09999999999999998 and it does not. (Kubernetes 1.33+ writes
 * `(1-down) <= ratio && ratio <= (1+up)`, which holds at 1.1; we follow the Abs form.)
 */
function isWithinTolerance(usageRatio: number, tolerance: number): boolean {
  return Math.abs(1.0 - usageRatio) <= tolerance;
}

/** The desired replica count one metric asks for. */
export function calculateReplicasForMetric(currentReplicas: number, tolerance: number, reading: MetricReading): number {
  switch (reading.target) {
    case "Utilization":
      return calculateUtilizationReplicas(currentReplicas, tolerance, reading);
    case "AverageValuePerPod":
      return calculateAverageValuePerPodReplicas(currentReplicas, tolerance, reading);
    case "AverageValueTotal":
      return calculateAverageValueTotalReplicas(currentReplicas, tolerance, reading);
    case "Value":
      return calculateValueReplicas(currentReplicas, tolerance, reading);
  }
}

/** computeReplicasForMetrics: the largest proposal over all metrics wins. */
export function calculateReplicasForMetrics(
  currentReplicas: number,
  tolerance: number,
  readings: readonly [MetricReading, ...MetricReading[]],
): number {
  return Math.max(...readings.map((reading) => calculateReplicasForMetric(currentReplicas, tolerance, reading)));
}

function sumExactly(values: readonly number[]): bigint {
  return values.reduce((sum, value) => sum + BigInt(value), 0n);
}

/**
 * GetResourceReplicas with GetResourceUtilizationRatio: utilization is an integer percent of
 * summed usage over summed requests, `(metricsTotal * 100) / requestsTotal` in int64 (BigInt
 * here, so the truncating division is exact), then compared as a ratio to the target percent.
 */
function calculateUtilizationReplicas(
  currentReplicas: number,
  tolerance: number,
  reading: Extract<MetricReading, { target: "Utilization" }>,
): number {
  const utilizationPercent = Number(
    (sumExactly(reading.podUsagesMilli) * 100n) / sumExactly(reading.podRequestsMilli),
  );
  const usageRatio = utilizationPercent / reading.targetPercent;
  if (isWithinTolerance(usageRatio, tolerance)) return currentReplicas;
  const readyPodCount = reading.podUsagesMilli.length;
  return Math.ceil(usageRatio * readyPodCount);
}

/**
 * calcPlainMetricReplicas with GetMetricUsageRatio: the per-pod average is an int64 division
 * (`metricsTotal / int64(len(metrics))`, truncated) before it is compared to the target.
 */
function calculateAverageValuePerPodReplicas(
  currentReplicas: number,
  tolerance: number,
  reading: Extract<MetricReading, { target: "AverageValuePerPod" }>,
): number {
  const readyPodCount = reading.podValuesMilli.length;
  const averageMilli = Number(sumExactly(reading.podValuesMilli) / BigInt(readyPodCount));
  const usageRatio = averageMilli / reading.targetMilli;
  if (isWithinTolerance(usageRatio, tolerance)) return currentReplicas;
  return Math.ceil(usageRatio * readyPodCount);
}

/**
 * GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas: the ratio is taken against
 * target × current replicas, but the new count is `ceil(total / target)`. The test is written
 * `> tolerance` there, so a NaN ratio (0 / 0) keeps the current count.
 */
function calculateAverageValueTotalReplicas(
  currentReplicas: number,
  tolerance: number,
  reading: Extract<MetricReading, { target: "AverageValueTotal" }>,
): number {
  const usageRatio = reading.totalMilli / (reading.targetMilli * currentReplicas);
  if (Math.abs(1.0 - usageRatio) > tolerance) return Math.ceil(reading.totalMilli / reading.targetMilli);
  return currentReplicas;
}

/**
 * GetObjectMetricReplicas / GetExternalMetricReplicas via getUsageRatioReplicaCount. The ready
 * pod count it multiplies by is taken to be the current replica count (every pod ready). From
 * zero replicas the tolerance is skipped and the ratio alone decides (scale from zero).
 */
function calculateValueReplicas(
  currentReplicas: number,
  tolerance: number,
  reading: Extract<MetricReading, { target: "Value" }>,
): number {
  const usageRatio = reading.valueMilli / reading.targetMilli;
  if (currentReplicas === 0) return Math.ceil(usageRatio);
  if (isWithinTolerance(usageRatio, tolerance)) return currentReplicas;
  const replicaCount = usageRatio * currentReplicas;
  return replicaCount > MAX_INT32 ? MAX_INT32 : Math.ceil(replicaCount);
}
