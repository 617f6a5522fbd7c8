import { describe, expect, test } from "vitest";
import { buildChains, detectLockContention, type BlockedSession, type LockSample, type Session } from "./detect";

const session = (pid: number, overrides: Partial<Session> = {}): Session => ({ pid, applicationName: "app", state: "active", query: `q${pid}`, queryAgeSeconds: 0, transactionAgeSeconds: 10, waitEvent: null, ...overrides });
const blocked = (pid: number, blockingPids: number[], waitSeconds: number): BlockedSession => ({ ...session(pid, { queryAgeSeconds: waitSeconds, waitEvent: "Lock:transactionid" }), blockingPids });
const sample = (blockedSessions: BlockedSession[], blockers: Session[] = [session(1, { state: "idle in transaction" })]): LockSample => ({
  atMs: 0,
  blocked: blockedSessions,
  blockers,
  statements: { available: false, reason: "extension missing" },
});

describe("detectLockContention", () => {
  test.each([
    [4.9, "ok"],
    [5, "warning"],
    [29.9, "warning"],
    [30, "critical"],
    [31, "critical"],
  ] as const)("one session waiting %f s → %s", (waitSeconds, expected) => {
    expect(detectLockContention([sample([blocked(2, [1], waitSeconds)])]).state).toBe(expected);
  });

  test.each([
    [2, "ok"],
    [3, "warning"],
    [9, "warning"],
    [10, "critical"],
  ] as const)("%i sessions blocked briefly → %s", (count, expected) => {
    const sessions = Array.from({ length: count }, (_, index) => blocked(index + 2, [1], 0.5));
    expect(detectLockContention([sample(sessions)]).state).toBe(expected);
  });

  test("is ok with nothing blocked and says when statement stats are unavailable", () => {
    const result = detectLockContention([sample([], [])]);
    expect(result.state).toBe("ok");
    expect(result.evidence.statements).toEqual({ available: false, reason: "extension missing" });
  });
});

describe("buildChains", () => {
  test("puts the unblocked blocker at the root and nests the waiters by depth", () => {
    const chains = buildChains(sample([blocked(2, [1], 8), blocked(3, [2], 4)]));
    expect(chains).toHaveLength(1);
    expect(chains[0]!.root.pid).toBe(1);
    expect(chains[0]!.waiting.map((entry) => [entry.pid, entry.depth])).toEqual([[2, 1], [3, 2]]);
    expect(chains[0]!.longestWaitSeconds).toBe(8);
  });
});
