import { describe, expect, test } from "vitest";
import { fitLine } from "./fit";

describe("fitLine", () => {
  test("recovers slope and intercept of an exact line with r2 = 1", () => {
    const fit = fitLine([0, 1, 2, 3].map((x) => [x, 2 * x + 5] as const));
    expect(fit).toEqual({ slope: 2, intercept: 5, r2: 1 });
  });
  test("gives a low r2 for noise around a flat level", () => {
    const fit = fitLine([[0, 10], [1, 12], [2, 9], [3, 11], [4, 10], [5, 12], [6, 9]]);
    expect(Math.abs(fit!.slope)).toBeLessThan(0.3);
    expect(fit!.r2).toBeLessThan(0.2);
  });
  test("returns null for fewer than two points or one x", () => {
    expect(fitLine([[1, 1]])).toBeNull();
    expect(fitLine([[1, 1], [1, 2]])).toBeNull();
  });
});
