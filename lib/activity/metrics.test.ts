import { describe, expect, test } from "vitest";
import { CachedCount } from "./metrics";

describe("CachedCount", () => {
  test("counts once per max age, however many scrapes ask", async () => {
    let nowMs = 0;
    let calls = 0;
    const count = new CachedCount(async () => ({ last5m: ++calls, last1h: 0, last24h: 0 }), 15_000, () => nowMs);
    const reads = await Promise.all([count.read(), count.read(), count.read()]);
    expect(reads.map((read) => read?.last5m)).toEqual([1, 1, 1]);
    nowMs = 15_000;
    expect((await count.read())?.last5m).toBe(1);
    nowMs = 15_001;
    expect((await count.read())?.last5m).toBe(2);
    expect(calls).toBe(2);
  });

  test("a failed count keeps the previous value instead of failing the scrape", async () => {
    let nowMs = 0;
    let fail = false;
    const count = new CachedCount(
      async () => {
        if (fail) throw new Error("replica down");
        return { last5m: 4, last1h: 5, last24h: 6 };
      },
      1_000,
      () => nowMs,
    );
    expect(await count.read()).toEqual({ last5m: 4, last1h: 5, last24h: 6 });
    fail = true;
    nowMs = 5_000;
    expect(await count.read()).toEqual({ last5m: 4, last1h: 5, last24h: 6 });
  });
});
