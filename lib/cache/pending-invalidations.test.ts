import { describe, expect, test } from "vitest";
import { PendingInvalidations } from "./pending-invalidations";

describe("PendingInvalidations", () => {
  test("keeps each distinct invalidation once", () => {
    const pending = new PendingInvalidations(() => {});
    pending.add({ kind: "tag", tag: "t" });
    pending.add({ kind: "tag", tag: "t" });
    pending.add({ kind: "keys", keys: ["a"] });
    expect(pending.size).toBe(2);
  });

  test("re-applies in order and stops at the first one that still fails", async () => {
    const pending = new PendingInvalidations(() => {});
    pending.add({ kind: "tag", tag: "a" });
    pending.add({ kind: "tag", tag: "b" });
    pending.add({ kind: "tag", tag: "c" });
    const applied: string[] = [];
    await pending.flush(async (invalidation) => {
      if (invalidation.kind === "tag") applied.push(invalidation.tag);
      return applied.length < 2;
    });
    expect(applied).toEqual(["a", "b"]);
    expect(pending.size).toBe(2);
  });

  test("reports what it can't hold beyond 10,000 pending invalidations", () => {
    const dropped: unknown[] = [];
    const pending = new PendingInvalidations((invalidation) => dropped.push(invalidation));
    for (let index = 0; index <= 10_000; index++) pending.add({ kind: "keys", keys: [`k${index}`] });
    expect(pending.size).toBe(10_000);
    expect(dropped).toEqual([{ kind: "keys", keys: ["k10000"] }]);
  });
});
