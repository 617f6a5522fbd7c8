import { describe, expect, test } from "vitest";
import { decideWorkerCount, DEFAULT_WORKER_SCALING, type WorkerFleetSignals, type WorkerScalingState } from "./recommend-workers";

const QUIET: WorkerFleetSignals = { queueLength: 0, averageExecutionMs: 500, memoryUsage: 0.2 };
const BUSY: WorkerFleetSignals = { queueLength: 0, averageExecutionMs: 500, memoryUsage: 0.6 };
const fresh = (current: number): WorkerScalingState => ({ current, calmSince: null, lastChangeAt: null });
const MINUTE = 60_000;

describe("decideWorkerCount (the guide's orchestration rules)", () => {
  test.each([
    ["a queue over 100", { ...BUSY, queueLength: 101 }, "queue 101 > 100"],
    ["executions averaging over 30 s", { ...BUSY, averageExecutionMs: 30_001 }, "average execution 30 s > 30 s"],
    ["memory over 80 %", { ...BUSY, memoryUsage: 0.81 }, "memory 81 % > 80 %"],
  ])("scales up one worker on %s", (_label, signals, reason) => {
    const decision = decideWorkerCount(signals, fresh(3), 0);

    expect(decision.desired).toBe(4);
    expect(decision.reasons).toEqual([reason]);
    expect(decision.state).toEqual({ current: 4, calmSince: null, lastChangeAt: 0 });
  });

  test("the thresholds themselves are not pressure (strictly greater, as the guide's rules read)", () => {
    expect(decideWorkerCount({ queueLength: 100, averageExecutionMs: 30_000, memoryUsage: 0.8 }, fresh(3), 0).desired).toBe(3);
  });

  test("never above the maximum of 10, and says so", () => {
    const decision = decideWorkerCount({ ...BUSY, queueLength: 5_000 }, fresh(10), 0);

    expect(decision.desired).toBe(10);
    expect(decision.reasons).toContain("already at the maximum of 10");
  });

  test("a second step up waits for the cooldown", () => {
    const first = decideWorkerCount({ ...BUSY, queueLength: 500 }, fresh(2), 0);
    const tooSoon = decideWorkerCount({ ...BUSY, queueLength: 500 }, first.state, 30_000);
    const later = decideWorkerCount({ ...BUSY, queueLength: 500 }, first.state, DEFAULT_WORKER_SCALING.cooldownMs);

    expect([first.desired, tooSoon.desired, later.desired]).toEqual([3, 3, 4]);
    expect(tooSoon.reasons).toContain("waiting for the last change to settle");
  });

  test("scales down only after queue < 10 and memory < 40 % held for 5 minutes, one step per idle period", () => {
    let state = fresh(4);
    const desiredAt = (minute: number) => {
      const decision = decideWorkerCount(QUIET, state, minute * MINUTE);
      state = decision.state;
      return decision.desired;
    };

    expect([0, 1, 4.99].map(desiredAt)).toEqual([4, 4, 4]);
    expect(desiredAt(5)).toBe(3);
    expect(desiredAt(9)).toBe(3);
    expect(desiredAt(10)).toBe(2);
    expect(desiredAt(60)).toBe(2); // the minimum
  });

  test.each([
    ["a queue of 10", { ...QUIET, queueLength: 10 }],
    ["memory at 40 %", { ...QUIET, memoryUsage: 0.4 }],
    ["unknown memory", { ...QUIET, memoryUsage: null }],
  ])("does not scale down with %s", (_label, signals) => {
    const state = { current: 4, calmSince: 0, lastChangeAt: null };

    expect(decideWorkerCount(signals, state, 10 * MINUTE)).toMatchObject({ desired: 4, state: { calmSince: null } });
  });

  test("a busy moment restarts the calm period", () => {
    const calm = decideWorkerCount(QUIET, fresh(4), 0);
    const blip = decideWorkerCount({ ...QUIET, queueLength: 50 }, calm.state, 4 * MINUTE);
    const after = decideWorkerCount(QUIET, blip.state, 6 * MINUTE);

    expect(after.desired).toBe(4);
    expect(after.state.calmSince).toBe(6 * MINUTE);
  });

  test("a count outside the bounds is corrected at once", () => {
    expect(decideWorkerCount(QUIET, fresh(1), 0).desired).toBe(2);
    expect(decideWorkerCount(BUSY, { current: 14, calmSince: null, lastChangeAt: 0 }, 1).desired).toBe(10);
  });
});
