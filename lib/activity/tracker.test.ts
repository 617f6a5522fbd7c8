import { describe, expect, test } from "vitest";
import type { ActivitySighting } from "./repo";
import { ActivityTracker } from "./tracker";

function setup(options: { maxPending?: number; failWrites?: boolean } = {}) {
  let nowMs = 1_000_000;
  const written: ActivitySighting[][] = [];
  let failWrites = options.failWrites ?? false;
  const tracker = new ActivityTracker(
    async (sightings) => {
      if (failWrites) throw new Error("primary unavailable");
      written.push(sightings);
    },
    { throttleMs: 60_000, maxPending: options.maxPending, clock: () => nowMs },
  );
  return {
    tracker,
    written,
    advance: (ms: number) => (nowMs += ms),
    setFailing: (value: boolean) => (failWrites = value),
  };
}

describe("ActivityTracker", () => {
  test("records a user+tenant once per minute however many requests it makes", async () => {
    const { tracker, written, advance } = setup();
    expect(tracker.touch("u1", "t1")).toBe(true);
    for (let i = 0; i < 100; i++) expect(tracker.touch("u1", "t1")).toBe(false);
    await tracker.flush();
    advance(59_999);
    expect(tracker.touch("u1", "t1")).toBe(false);
    advance(2);
    expect(tracker.touch("u1", "t1")).toBe(true);
    await tracker.flush();
    expect(written.map((batch) => batch.map((sighting) => sighting.seenAt.getTime()))).toEqual([[1_000_000], [1_060_001]]);
  });

  test("the same user in two tenants is two sightings, written in one batch", async () => {
    const { tracker, written } = setup();
    tracker.touch("u1", "t1");
    tracker.touch("u1", "t2");
    tracker.touch("u2", "t1");
    expect(await tracker.flush()).toBe(3);
    expect(written).toHaveLength(1);
    expect(written[0]!.map((sighting) => `${sighting.userId}/${sighting.tenantId}`)).toEqual(["u1/t1", "u1/t2", "u2/t1"]);
    expect(await tracker.flush()).toBe(0);
    expect(written).toHaveLength(1);
  });

  test("a failed flush keeps its sightings for the next one", async () => {
    const { tracker, written, setFailing } = setup({ failWrites: true });
    tracker.touch("u1", "t1");
    await expect(tracker.flush()).rejects.toThrow(/primary unavailable/);
    expect(tracker.pendingCount).toBe(1);
    setFailing(false);
    expect(await tracker.flush()).toBe(1);
    expect(written[0]!.map((sighting) => sighting.userId)).toEqual(["u1"]);
  });

  test("the pending batch is bounded; a refused sighting is taken by a later request", async () => {
    const { tracker } = setup({ maxPending: 2 });
    expect(tracker.touch("u1", "t1")).toBe(true);
    expect(tracker.touch("u2", "t1")).toBe(true);
    expect(tracker.touch("u3", "t1")).toBe(false);
    expect(tracker.pendingCount).toBe(2);
    await tracker.flush();
    expect(tracker.touch("u3", "t1")).toBe(true);
  });
});
