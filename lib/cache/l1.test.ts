import { describe, expect, test } from "vitest";
import { L1Store, type L1Entry } from "./l1";

function makeStore(maxEntries = 10) {
  let nowMs = 1_000;
  let evictions = 0;
  const store = new L1Store({ maxEntries, now: () => nowMs, onEvict: () => (evictions += 1) });
  return { store, advance: (ms: number) => (nowMs += ms), evictions: () => evictions };
}

const entry = (value: unknown, tags: string[] = []): L1Entry => ({ found: true, value, tags });

describe("L1Store", () => {
  test.each([
    { elapsedMs: 999, isPresent: true },
    { elapsedMs: 1_000, isPresent: true },
    { elapsedMs: 1_001, isPresent: false },
  ])("an entry with a 1000 ms TTL is present after $elapsedMs ms: $isPresent", ({ elapsedMs, isPresent }) => {
    const { store, advance } = makeStore();
    store.set("k", entry(1), 1_000);
    advance(elapsedMs);
    expect(store.get("k") !== undefined).toBe(isPresent);
  });

  test("evicts the least recently used entry beyond the bound and counts it", () => {
    const { store, evictions } = makeStore(2);
    store.set("a", entry(1), 10_000);
    store.set("b", entry(2), 10_000);
    store.get("a");
    store.set("c", entry(3), 10_000);
    expect(store.keys().sort()).toEqual(["a", "c"]);
    expect(evictions()).toBe(1);
  });

  test("drops every entry carrying a tag, and only those", () => {
    const { store } = makeStore();
    store.set("a", entry(1, ["t1"]), 10_000);
    store.set("b", entry(2, ["t1", "t2"]), 10_000);
    store.set("c", entry(3, ["t2"]), 10_000);
    expect(store.deleteTag("t1")).toBe(2);
    expect(store.keys()).toEqual(["c"]);
  });

  test("forgets the old tags of an overwritten entry", () => {
    const { store } = makeStore();
    store.set("a", entry(1, ["old"]), 10_000);
    store.set("a", entry(2, ["new"]), 10_000);
    expect(store.deleteTag("old")).toBe(0);
    expect(store.get("a")?.value).toBe(2);
  });

  test("drops keys matching a pattern", () => {
    const { store } = makeStore();
    store.set("agency:templates:t1:a", entry(1), 10_000);
    store.set("agency:templates:t2:a", entry(2), 10_000);
    expect(store.deleteMatching(/^agency:templates:t1:/)).toBe(1);
    expect(store.keys()).toEqual(["agency:templates:t2:a"]);
  });

  test("does not store an entry whose TTL is already over", () => {
    const { store } = makeStore();
    store.set("k", entry(1), 0);
    expect(store.size).toBe(0);
  });
});
