import { describe, expect, test } from "vitest";
import { FallbackLimitStore, MemoryLimitStore, type Counter, type SignInLimitStore } from "./sign-in-limit-store";

const counter = (key: string, windowStart = 0): Counter => ({ kind: "account", key, windowStart, ttlSeconds: 60 });

/** A shared store whose server has gone away (every call fails as a lost connection would). */
const unreachable: SignInLimitStore = {
  increment: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
  settle: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
};

describe("sign-in limits while the shared store is unreachable", () => {
  test("counts go on in this process: the limit still refuses the sixth guess", async () => {
    const store = new FallbackLimitStore(unreachable, new MemoryLimitStore(() => 1_000), (error) => /ECONNREFUSED/.test(String(error)));
    const counts: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) counts.push((await store.increment([counter("sre@agency.test")]))[0]!);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.settle([counter("sre@agency.test")], [])).toEqual([6]);
    expect(await store.increment([counter("sre@agency.test")])).toEqual([1]);
  });

  test("an answer that is not a lost connection is not hidden", async () => {
    const broken: SignInLimitStore = { increment: () => Promise.reject(new Error("syntax error")), settle: () => Promise.reject(new Error("syntax error")) };
    const store = new FallbackLimitStore(broken, new MemoryLimitStore(), (error) => /ECONNREFUSED/.test(String(error)));
    await expect(store.increment([counter("a")])).rejects.toThrow("syntax error");
  });

  test("a window that ended starts again at one; released shares are given back", async () => {
    let now = 0;
    const memory = new MemoryLimitStore(() => now);
    expect(await memory.increment([counter("k"), counter("*")])).toEqual([1, 1]);
    expect(await memory.increment([counter("k"), counter("*")])).toEqual([2, 2]);
    await memory.settle([], [counter("*")]);
    expect(await memory.increment([counter("*")])).toEqual([2]);
    now = 61_000;
    expect(await memory.increment([counter("k")])).toEqual([1]);
  });
});
