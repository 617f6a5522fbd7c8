import { describe, expect, test } from "vitest";
import { calculateReplicasForMetric, calculateReplicasForMetrics, type MetricReading } from "./hpa-replica-ratio";

const TOLERANCE = 0.1;

/** Ten pods requesting 1000 m each, all using `usageMilli`. */
function utilization(targetPercent: number, usageMilli: number, pods = 10): MetricReading {
  return {
    target: "Utilization",
    targetPercent,
    podUsagesMilli: Array<number>(pods).fill(usageMilli),
    podRequestsMilli: Array<number>(pods).fill(1000),
  };
}

describe("Utilization target (10 pods, target 100 %)", () => {
  test.each([
    { percent: 89, replicas: 9 },
    { percent: 90, replicas: 10 }, // |1 - 0.9| = 0.09999999999999998 ≤ 0.1: no change
    { percent: 91, replicas: 10 },
    { percent: 109, replicas: 10 },
    { percent: 110, replicas: 11 }, // |1 - 1.1| = 0.10000000000000009 > 0.1: scales
    { percent: 111, replicas: 12 },
  ])("at $percent % proposes $replicas", ({ percent, replicas }) => {
    expect(calculateReplicasForMetric(10, TOLERANCE, utilization(100, percent * 10))).toBe(replicas);
  });

  test("truncates utilization to an integer percent before taking the ratio", () => {
    // 100.9 % → 100 % against a 50 % target: ratio 2 → 20, not ceil(2.018 × 10) = 21.
    expect(calculateReplicasForMetric(10, TOLERANCE, utilization(50, 1009))).toBe(20);
  });

  test("divides summed usage by summed requests, not the mean of per-pod ratios", () => {
    // (100 + 900) / (100 + 1900) = 50 %: on target, although the per-pod mean is 73.5 %.
    const reading: MetricReading = {
      target: "Utilization",
      targetPercent: 50,
      podUsagesMilli: [100, 900],
      podRequestsMilli: [100, 1900],
    };
    expect(calculateReplicasForMetric(2, TOLERANCE, reading)).toBe(2);
  });

  test("multiplies by the pods that reported, not the current replica count", () => {
    // 200 % of target on 3 reporting pods → 6, whatever the scale says the count is.
    expect(calculateReplicasForMetric(5, TOLERANCE, utilization(50, 1000, 3))).toBe(6);
  });

  test.each([
    { tolerance: 0, replicas: 11 },
    { tolerance: 0.05, replicas: 11 },
    { tolerance: 0.2, replicas: 10 },
  ])("at 105 % scales with tolerance $tolerance to $replicas", ({ tolerance, replicas }) => {
    expect(calculateReplicasForMetric(10, tolerance, utilization(100, 1050))).toBe(replicas);
  });
});

describe("AverageValue per pod (10 pods, target 1000 m)", () => {
  const perPod = (averageMilli: number, pods = 10): MetricReading => ({
    target: "AverageValuePerPod",
    targetMilli: 1000,
    podValuesMilli: Array<number>(pods).fill(averageMilli),
  });

  test.each([
    { averageMilli: 899, replicas: 9 },
    { averageMilli: 900, replicas: 10 },
    { averageMilli: 901, replicas: 10 },
    { averageMilli: 1099, replicas: 10 },
    { averageMilli: 1100, replicas: 11 },
    { averageMilli: 1101, replicas: 12 },
  ])("at $averageMilli m proposes $replicas", ({ averageMilli, replicas }) => {
    expect(calculateReplicasForMetric(10, TOLERANCE, perPod(averageMilli))).toBe(replicas);
  });

  test("truncates the per-pod average to an integer milli-value", () => {
    // (2000 + 2001) / 2 = 2000 m (int64 division): ratio 2 → 4, not ceil(2.0005 × 2) = 5.
    const reading: MetricReading = { target: "AverageValuePerPod", targetMilli: 1000, podValuesMilli: [2000, 2001] };
    expect(calculateReplicasForMetric(2, TOLERANCE, reading)).toBe(4);
  });
});

describe("AverageValue as a total (Object/External, target 1000 m per pod, 4 replicas)", () => {
  const total = (totalMilli: number): MetricReading => ({ target: "AverageValueTotal", targetMilli: 1000, totalMilli });

  test.each([
    { totalMilli: 3599, replicas: 4 }, // ratio 0.89975, outside: ceil(3.599) = 4
    { totalMilli: 3000, replicas: 3 },
    { totalMilli: 3600, replicas: 4 },
    { totalMilli: 4399, replicas: 4 },
    { totalMilli: 4400, replicas: 5 },
    { totalMilli: 4401, replicas: 5 },
  ])("at $totalMilli m proposes $replicas", ({ totalMilli, replicas }) => {
    expect(calculateReplicasForMetric(4, TOLERANCE, total(totalMilli))).toBe(replicas);
  });

  test("proposes ceil(total / target) regardless of the current count", () => {
    expect(calculateReplicasForMetric(2, TOLERANCE, total(10_000))).toBe(10);
  });

  test.each([
    { totalMilli: 0, replicas: 0 },
    { totalMilli: 2500, replicas: 3 },
  ])("from zero replicas with $totalMilli m proposes $replicas", ({ totalMilli, replicas }) => {
    expect(calculateReplicasForMetric(0, TOLERANCE, total(totalMilli))).toBe(replicas);
  });
});

describe("Value target (Object/External, target 1000 m, 4 replicas)", () => {
  const value = (valueMilli: number): MetricReading => ({ target: "Value", targetMilli: 1000, valueMilli });

  test.each([
    { valueMilli: 500, replicas: 2 },
    { valueMilli: 899, replicas: 4 }, // ceil(0.899 × 4) = 4
    { valueMilli: 900, replicas: 4 },
    { valueMilli: 1099, replicas: 4 },
    { valueMilli: 1100, replicas: 5 },
    { valueMilli: 2000, replicas: 8 },
  ])("at $valueMilli m proposes $replicas", ({ valueMilli, replicas }) => {
    expect(calculateReplicasForMetric(4, TOLERANCE, value(valueMilli))).toBe(replicas);
  });

  test.each([
    { valueMilli: 0, replicas: 0 },
    { valueMilli: 1000, replicas: 1 },
    { valueMilli: 1050, replicas: 2 }, // no tolerance from zero: ceil(1.05)
    { valueMilli: 2500, replicas: 3 },
  ])("from zero replicas at $valueMilli m proposes $replicas", ({ valueMilli, replicas }) => {
    expect(calculateReplicasForMetric(0, TOLERANCE, value(valueMilli))).toBe(replicas);
  });

  test("caps a proposal beyond int32 at 2147483647", () => {
    const reading: MetricReading = { target: "Value", targetMilli: 1, valueMilli: 2 ** 40 };
    expect(calculateReplicasForMetric(4, TOLERANCE, reading)).toBe(2 ** 31 - 1);
  });
});

describe("several metrics", () => {
  test("the largest proposal wins", () => {
    const readings: [MetricReading, ...MetricReading[]] = [
      utilization(100, 500, 4), // 50 % → 2
      { target: "Value", targetMilli: 1000, valueMilli: 2000 }, // 2 × 4 → 8
      { target: "AverageValueTotal", targetMilli: 1000, totalMilli: 5000 }, // 5
    ];
    expect(calculateReplicasForMetrics(4, TOLERANCE, readings)).toBe(8);
  });
});
