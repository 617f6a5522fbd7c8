import { describe, expect, test } from "vitest";
import { cacheKeys, fillLockKey, tagSetKey } from "./keys";
import { PreviewTally } from "./preview";
import { PrefixRates } from "./rolling-rates";

describe("invalidation preview", () => {
  test("counts keys, tenants and domains, skipping the cache's bookkeeping keys", () => {
    const tally = new PreviewTally();
    tally.add([cacheKeys.template("t1", "a"), cacheKeys.template("t1", "b"), cacheKeys.dashboardStats("t2")]);
    tally.add([tagSetKey("templates:t1"), fillLockKey(cacheKeys.template("t1", "c"))]);
    const preview = tally.summarize({ pattern: "agency:*" }, "redis", new PrefixRates(10_000, 10, () => 0), 1);
    expect(preview).toMatchObject({ keys: 3, tenants: 2, keysByDomain: { templates: 2, dashboard: 1 }, maxLoaderCalls: 3 });
    expect(preview.tenantIds).toHaveLength(2);
  });

  test("expects rate × hit ratio of the affected prefixes as extra load, times the instances", () => {
    let nowMs = 0;
    const rates = new PrefixRates(10_000, 10, () => nowMs);
    // 10 req/s to t1's templates, 90 % served from cache; 10 req/s to t2's that the preview must ignore.
    for (; nowMs < 60_000; nowMs += 100) {
      rates.record(cacheKeys.template("t1", "a"), nowMs % 1_000 !== 0);
      rates.record(cacheKeys.template("t2", "a"), true);
    }
    const tally = new PreviewTally();
    tally.add([cacheKeys.template("t1", "a")]);
    const preview = tally.summarize({ tag: "templates:t1" }, "redis", rates, 3);
    expect(preview.requestsPerSecond).toBeCloseTo(30, 0);
    expect(preview.hitRatio).toBeCloseTo(0.9, 1);
    expect(preview.expectedExtraLoadPerSecond).toBeCloseTo(27, 0);
  });
});
