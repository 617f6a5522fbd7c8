import { describe, expect, test } from "vitest";
import { recommendTier } from "./tiers";

describe("recommendTier", () => {
  test.each([
    [0, "small"],
    [1, "small"],
    [99, "small"],
    [100, "small"],
    [101, "medium"],
    [999, "medium"],
    [1000, "medium"],
    [1001, "large"],
    [1_000_000, "large"],
  ] as const)("%i active users is %s (upper bounds inclusive)", (activeUsers, tier) => {
    expect(recommendTier(activeUsers)).toBe(tier);
  });
});
