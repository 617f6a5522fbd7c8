import { describe, expect, test } from "vitest";
import { stabilizeRecommendation, type StabilizationInput } from "./hpa-stabilization";

const base: StabilizationInput = {
  currentReplicas: 5,
  desiredReplicas: 5,
  recommendations: [],
  scaleUpWindowSeconds: 0,
  scaleDownWindowSeconds: 300,
};

describe("stabilizeRecommendation: scale down", () => {
  test("scales down at once when no recent recommendation was higher", () => {
    expect(stabilizeRecommendation({ ...base, desiredReplicas: 2 })).toBe(2);
  });

  test.each([
    { ageSeconds: 299, stabilized: 5 },
    { ageSeconds: 300, stabilized: 2 },
    { ageSeconds: 301, stabilized: 2 },
  ])("with a recommendation of 8 aged $ageSeconds s (window 300 s) a scale down to 2 gives $stabilized", ({ ageSeconds, stabilized }) => {
    // Inside the window, 8 caps the scale down at 8; the current 5 is below that cap, so it stays
    // (stabilization clamps the current count, so it never scales *up* on an old recommendation).
    const input = { ...base, desiredReplicas: 2, recommendations: [{ ageSeconds, replicas: 8 }] };
    expect(stabilizeRecommendation(input)).toBe(stabilized);
  });

  test("scales down only to the highest recommendation in the window", () => {
    const recommendations = [
      { ageSeconds: 10, replicas: 3 },
      { ageSeconds: 200, replicas: 4 },
      { ageSeconds: 400, replicas: 5 },
    ];
    expect(stabilizeRecommendation({ ...base, desiredReplicas: 2, recommendations })).toBe(4);
  });

  test("a window of 0 seconds holds nothing, not even a recommendation of age 0", () => {
    const input = { ...base, scaleDownWindowSeconds: 0, desiredReplicas: 2, recommendations: [{ ageSeconds: 0, replicas: 5 }] };
    expect(stabilizeRecommendation(input)).toBe(2);
  });
});

describe("stabilizeRecommendation: scale up", () => {
  const upWindow = { ...base, scaleUpWindowSeconds: 60, scaleDownWindowSeconds: 0 };

  test("scales up at once with the default window of 0", () => {
    expect(stabilizeRecommendation({ ...base, desiredReplicas: 9, recommendations: [{ ageSeconds: 0, replicas: 1 }] })).toBe(9);
  });

  test.each([
    { ageSeconds: 59, replicas: 6 },
    { ageSeconds: 60, replicas: 9 },
    { ageSeconds: 61, replicas: 9 },
  ])("a recommendation of 6 aged $ageSeconds s (window 60 s) limits the scale up to $replicas", ({ ageSeconds, replicas }) => {
    const input = { ...upWindow, desiredReplicas: 9, recommendations: [{ ageSeconds, replicas: 6 }] };
    expect(stabilizeRecommendation(input)).toBe(replicas);
  });

  test("a recent recommendation below the current count keeps the current count", () => {
    const input = { ...upWindow, desiredReplicas: 9, recommendations: [{ ageSeconds: 30, replicas: 3 }] };
    expect(stabilizeRecommendation(input)).toBe(5);
  });
});

describe("stabilizeRecommendation: the current recommendation is in both windows", () => {
  test("clamps the current count between the lowest up-window and highest down-window values", () => {
    const input: StabilizationInput = {
      currentReplicas: 5,
      desiredReplicas: 7,
      recommendations: [
        { ageSeconds: 10, replicas: 6 },
        { ageSeconds: 20, replicas: 9 },
      ],
      scaleUpWindowSeconds: 60,
      scaleDownWindowSeconds: 60,
    };
    // up = min(7, 6, 9) = 6, down = max(7, 6, 9) = 9; current 5 clamped into [6, 9] → 6.
    expect(stabilizeRecommendation(input)).toBe(6);
  });

  test("keeps the current count when it already sits inside the band", () => {
    const input = { ...base, currentReplicas: 5, desiredReplicas: 5, recommendations: [{ ageSeconds: 1, replicas: 9 }] };
    expect(stabilizeRecommendation(input)).toBe(5);
  });
});
