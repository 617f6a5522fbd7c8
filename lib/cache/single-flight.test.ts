import { describe, expect, test } from "vitest";
import { SingleFlight } from "./single-flight";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

describe("SingleFlight", () => {
  test("runs the work once for concurrent callers of one key and shares its value", async () => {
    const flights = new SingleFlight<number>();
    const gate = deferred<number>();
    let calls = 0;
    const work = () => ((calls += 1), gate.promise);
    const results = Promise.all([flights.run("k", work), flights.run("k", work), flights.run("k", work)]);
    gate.resolve(7);
    expect(await results).toEqual([7, 7, 7]);
    expect(calls).toBe(1);
  });

  test("shares the error with every concurrent caller, then lets the next call retry", async () => {
    const flights = new SingleFlight<number>();
    const gate = deferred<number>();
    const results = Promise.allSettled([flights.run("k", () => gate.promise), flights.run("k", () => gate.promise)]);
    gate.reject(new Error("db down"));
    expect((await results).map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect(await flights.run("k", async () => 1)).toBe(1);
  });

  test("runs different keys independently", async () => {
    const flights = new SingleFlight<string>();
    const results = await Promise.all([flights.run("a", async () => "A"), flights.run("b", async () => "B")]);
    expect(results).toEqual(["A", "B"]);
  });

  test("starts a fresh flight after forget, while the old one is still running", async () => {
    const flights = new SingleFlight<number>();
    const old = deferred<number>();
    const first = flights.run("k", () => old.promise);
    flights.forget("k");
    expect(await flights.run("k", async () => 2)).toBe(2);
    old.resolve(1);
    expect(await first).toBe(1);
  });

  test("an old flight settling after forget does not drop the newer flight", async () => {
    const flights = new SingleFlight<number>();
    const old = deferred<number>();
    const newer = deferred<number>();
    void flights.run("k", () => old.promise);
    flights.forget("k");
    const second = flights.run("k", () => newer.promise);
    old.resolve(1);
    await new Promise((settled) => setImmediate(settled));
    let calls = 0;
    const third = flights.run("k", async () => ((calls += 1), 3));
    newer.resolve(2);
    expect([await second, await third, calls]).toEqual([2, 2, 0]);
  });
});
