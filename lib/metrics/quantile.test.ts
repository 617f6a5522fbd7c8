import { describe, expect, test } from "vitest";
import { histogramQuantile } from "./quantile";

const buckets = (counts: number[]) => [0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity].map((le, index) => ({ le, count: counts[index]! }));

describe("histogramQuantile", () => {
  test("interpolates inside the bucket the rank falls in", () => {
    // 100 requests: 50 under 0.1 s, 100 under 0.25 s → p75 is halfway through (0.1, 0.25].
    expect(histogramQuantile(0.75, buckets([50, 100, 100, 100, 100, 100, 100, 100]))).toBeCloseTo(0.175);
  });
  test("the first bucket interpolates from zero", () => {
    expect(histogramQuantile(0.5, buckets([10, 10, 10, 10, 10, 10, 10, 10]))).toBeCloseTo(0.05);
  });
  test("a rank past the largest finite bucket answers that bound", () => {
    expect(histogramQuantile(0.99, buckets([0, 0, 0, 0, 0, 0, 90, 100]))).toBe(10);
  });
  test("no observations, no quantile", () => {
    expect(histogramQuantile(0.95, buckets([0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
  });
  test("a p95 of exactly 2.5 s when 95 of 100 requests took at most 2.5 s", () => {
    expect(histogramQuantile(0.95, buckets([0, 0, 0, 0, 95, 100, 100, 100]))).toBe(2.5);
  });
});
