import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { CoalescingInvalidator } from "./coalescing-invalidator";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("CoalescingInvalidator", () => {
  test("invalidates at once, then at most once per window, never dropping a change", async () => {
    const calls: string[] = [];
    const invalidator = new CoalescingInvalidator(async (tenantId) => void calls.push(tenantId), 5_000);
    invalidator.note("t1");
    expect(calls).toEqual(["t1"]);
    for (let i = 0; i < 50; i++) invalidator.note("t1");
    expect(calls).toEqual(["t1"]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual(["t1", "t1"]);
    // A quiet window after the trailing invalidation closes without another one.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual(["t1", "t1"]);
    invalidator.note("t1");
    expect(calls).toEqual(["t1", "t1", "t1"]);
  });

  test("tenants have windows of their own", () => {
    const calls: string[] = [];
    const invalidator = new CoalescingInvalidator(async (tenantId) => void calls.push(tenantId), 5_000);
    invalidator.note("t1");
    invalidator.note("t2");
    invalidator.note("t1");
    expect(calls).toEqual(["t1", "t2"]);
  });

  test("flush pays what is owed and forgets the windows", async () => {
    const calls: string[] = [];
    const invalidator = new CoalescingInvalidator(async (tenantId) => void calls.push(tenantId), 5_000);
    invalidator.note("t1");
    invalidator.note("t1");
    invalidator.note("t2");
    await invalidator.flush();
    expect(calls).toEqual(["t1", "t2", "t1"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual(["t1", "t2", "t1"]);
  });
});
