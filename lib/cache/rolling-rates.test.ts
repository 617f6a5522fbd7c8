import { describe, expect, test } from "vitest";
import { DecayingTally, keyPrefix, PrefixRates } from "./rolling-rates";

describe("DecayingTally", () => {
  test("settles at the steady request rate and hit ratio", () => {
    const tally = new DecayingTally(10_000, 0);
    // 20 requests per second for 60 s (six time constants), three out of four hits.
    for (let ms = 0; ms < 60_000; ms += 50) tally.record(ms % 200 !== 0, ms);
    const reading = tally.read(60_000);
    expect(reading.requestsPerSecond).toBeGreaterThan(19.5);
    expect(reading.requestsPerSecond).toBeLessThan(20.5);
    expect(reading.hitRatio).toBeCloseTo(0.75, 2);
  });

  test("fades to about a third after one quiet time constant", () => {
    const tally = new DecayingTally(10_000, 0);
    for (let ms = 0; ms < 60_000; ms += 100) tally.record(true, ms);
    const busy = tally.read(60_000).requestsPerSecond;
    expect(tally.read(70_000).requestsPerSecond).toBeCloseTo(busy / Math.E, 3);
  });

  test("reads zero without traffic", () => {
    expect(new DecayingTally(1_000, 0).read(5_000)).toEqual({ requestsPerSecond: 0, hitRatio: 0 });
  });
});

describe("PrefixRates", () => {
  test("sums the cached load of the requested prefixes only", () => {
    let nowMs = 0;
    const rates = new PrefixRates(10_000, 100, () => nowMs);
    for (; nowMs < 60_000; nowMs += 100) {
      rates.record("agency:templates:t1:a", true);
      rates.record("agency:templates:t2:b", false);
      rates.record("agency:dashboard:t1:stats", true);
    }
    const t1Templates = rates.readCachedLoad(["agency:templates:t1"]);
    expect(t1Templates.cachedRequestsPerSecond).toBeCloseTo(10, 0);
    const both = rates.readCachedLoad(["agency:templates:t1", "agency:templates:t2"]);
    expect(both.requestsPerSecond).toBeCloseTo(20, 0);
    expect(both.hitRatio).toBeCloseTo(0.5, 2);
    expect(rates.readCachedLoad(["agency:modules:t9"]).requestsPerSecond).toBe(0);
  });
});

describe("keyPrefix", () => {
  test.each([
    { key: "agency:templates:t1:abc:def", prefix: "agency:templates:t1" },
    { key: "agency:templates:t1", prefix: "agency:templates:t1" },
    { key: "plain", prefix: "plain" },
  ])("of $key is $prefix", ({ key, prefix }) => {
    expect(keyPrefix(key)).toBe(prefix);
  });
});
