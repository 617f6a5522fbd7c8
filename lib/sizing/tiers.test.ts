import { describe, expect, test } from "vitest";
import { recommendTier, TIER_RESOURCES } from "./tiers";

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

describe("TIER_RESOURCES", () => {
  test("carry the guide's small replica disk (100GB SSD) and the large tier's CDN", () => {
    expect(TIER_RESOURCES.small.database.replicas).toMatchObject({ count: 1, vcpus: 1, memoryGb: 4, storageGb: 100 });
    expect(TIER_RESOURCES.large.cdn).toBe("global distribution");
    expect([TIER_RESOURCES.small.cdn, TIER_RESOURCES.medium.cdn]).toEqual([null, null]);
  });
});
