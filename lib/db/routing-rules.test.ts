import { describe, expect, test } from "vitest";
import { chooseReadTarget, isInRotation, orderFallbackReplicas, replicaLagSeconds, type ReplicaState } from "./routing-rules";

const replica = (name: string, healthy: boolean, lagSeconds: number | null): ReplicaState => ({ name, healthy, lagSeconds });

describe("isInRotation", () => {
  test.each([
    [replica("r", true, 9.99), true],
    [replica("r", true, 10), true],
    [replica("r", true, 10.01), false],
    [replica("r", false, 0), false],
    [replica("r", true, null), false],
  ])("%j with a 10 s bound → %s", (state, expected) => {
    expect(isInRotation(state, 10)).toBe(expected);
  });
});

describe("chooseReadTarget", () => {
  const options = { maxLagSeconds: 10, recentWrite: false, turn: 0 };

  test("a session that just wrote reads from the primary", () => {
    expect(chooseReadTarget([replica("a", true, 0)], { ...options, recentWrite: true })).toEqual({ target: "primary", reason: "read_your_writes" });
  });

  test("without replicas, reads go to the primary", () => {
    expect(chooseReadTarget([], options)).toEqual({ target: "primary", reason: "no_replicas" });
  });

  test("falls back to the primary when every replica lags or is down", () => {
    expect(chooseReadTarget([replica("a", true, 11), replica("b", false, 0)], options)).toEqual({ target: "primary", reason: "no_replica_in_rotation" });
  });

  test("spreads reads over the replicas in rotation only", () => {
    const replicas = [replica("a", true, 1), replica("b", true, 50), replica("c", true, 2)];
    const names = [0, 1, 2, 3].map((turn) => chooseReadTarget(replicas, { ...options, turn }));
    expect(names).toEqual([
      { target: "replica", name: "a" },
      { target: "replica", name: "c" },
      { target: "replica", name: "a" },
      { target: "replica", name: "c" },
    ]);
  });
});

describe("replicaLagSeconds", () => {
  test("is zero when nothing is left to replay, however old the last transaction", () => {
    expect(replicaLagSeconds(0, 3600)).toBe(0);
  });
  test("is the age of the last replayed transaction while bytes are outstanding", () => {
    expect(replicaLagSeconds(344, 12.5)).toBe(12.5);
  });
  test("is unknown when the replica could not be asked", () => {
    expect(replicaLagSeconds(null, null)).toBeNull();
    expect(replicaLagSeconds(10, null)).toBeNull();
  });
});

describe("orderFallbackReplicas", () => {
  const candidate = (name: string, healthy: boolean, lagSeconds: number | null, unchecked = false) => ({ name, healthy, lagSeconds, unchecked });

  test("tries healthy replicas least behind first, even past the rotation bound", () => {
    expect(orderFallbackReplicas([candidate("a", true, 40), candidate("b", true, 2), candidate("c", true, null)])).toEqual(["b", "a", "c"]);
  });

  test("tries replicas never sampled after the healthy ones", () => {
    expect(orderFallbackReplicas([candidate("a", false, null, true), candidate("b", true, 90)])).toEqual(["b", "a"]);
  });

  test("never tries a replica known to be down or out of recovery", () => {
    expect(orderFallbackReplicas([candidate("a", false, null), candidate("b", false, 0)])).toEqual([]);
  });
});
