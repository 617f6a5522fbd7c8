import { describe, expect, test } from "vitest";
import { SingleFlightCache } from "./single-flight-cache";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

describe("SingleFlightCache", () => {
  test("concurrent callers share one load", async () => {
    const cache = new SingleFlightCache<string>(30_000, () => 0);
    const pending = deferred<string>();
    let loads = 0;
    const load = () => ((loads += 1), pending.promise);

    const callers = [cache.get(load), cache.get(load), cache.get(load)];
    pending.resolve("walked");

    expect(await Promise.all(callers)).toEqual(["walked", "walked", "walked"]);
    expect(loads).toBe(1);
  });

  test.each([
    { ageMs: 29_999, loads: 1 },
    { ageMs: 30_000, loads: 2 },
    { ageMs: 30_001, loads: 2 },
  ])("a value $ageMs ms old (ttl 30 s) takes $loads load(s)", async ({ ageMs, loads: expectedLoads }) => {
    let nowMs = 1_000;
    const cache = new SingleFlightCache<number>(30_000, () => nowMs);
    let loads = 0;
    const load = async () => ++loads;

    await cache.get(load);
    nowMs += ageMs;

    expect(await cache.get(load)).toBe(expectedLoads);
  });

  test("a failed load is shared by its callers but not kept", async () => {
    const cache = new SingleFlightCache<string>(30_000, () => 0);
    const failing = deferred<string>();
    const callers = [cache.get(() => failing.promise), cache.get(() => failing.promise)];
    failing.reject(new Error("database down"));

    for (const caller of callers) await expect(caller).rejects.toThrow("database down");
    expect(await cache.get(async () => "recovered")).toBe("recovered");
  });
});
