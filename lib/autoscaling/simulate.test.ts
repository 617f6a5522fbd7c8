import { describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { simulate } from "./simulate";

const requests = { cpuMilliPerInstance: 1000, memoryBytesPerInstance: 512 * 2 ** 20 };
const STEP_MS = 15_000;
const lowMemory = 100 * 2 ** 20;

/** 60 steps (15 min) at 1 core in total, with 9 cores from step 4 through step 11 (t = 60–165 s). */
function spike(): { atMs: number; usage: { cpuMilli: number; memoryBytes: number } }[] {
  return Array.from({ length: 60 }, (_, index) => ({ atMs: index * STEP_MS, usage: { cpuMilli: index >= 4 && index < 12 ? 9000 : 1000, memoryBytes: lowMemory } }));
}

const replicasAt = (steps: { atMs: number; replicas: number }[], seconds: number) => steps.find((step) => step.atMs === seconds * 1000)?.replicas;

describe("simulate under the guide's policy (2–10, up 100 %/15 s or 4 pods/60 s, down 50 %/60 s after 300 s)", () => {
  const steps = simulate(DEFAULT_HPA_POLICY, spike(), 2, requests);

  test.each([
    { seconds: 45, replicas: 2, why: "before the spike: 50 % CPU on 2 is under the 70 % target, and 2 is the minimum" },
    { seconds: 60, replicas: 6, why: "the spike asks for 13; the Pods policy (+4 per 60 s) allows more than +100 % of 2" },
    { seconds: 75, replicas: 10, why: "15 s later the Percent policy doubles 6 to 12, capped at the maximum 10" },
    { seconds: 165, replicas: 10, why: "the last step of the spike" },
  ])("scales up within the rate limits: $replicas at $seconds s ($why)", ({ seconds, replicas }) => {
    expect(replicasAt(steps, seconds)).toBe(replicas);
  });

  test.each([
    { seconds: 180, replicas: 10, why: "load is back to 1 core, but the 300 s window still holds the spike's 13" },
    { seconds: 450, replicas: 10, why: "285 s after the last high recommendation: still inside the window" },
    { seconds: 465, replicas: 5, why: "300 s after it the window has passed; 50 % per 60 s halves 10" },
    { seconds: 510, replicas: 5, why: "45 s into the 60 s period no further step down is allowed" },
    { seconds: 525, replicas: 2, why: "a new period: 50 % of 5 truncates to 2, the minimum" },
  ])("falls back only after the stabilization window: $replicas at $seconds s ($why)", ({ seconds, replicas }) => {
    expect(replicasAt(steps, seconds)).toBe(replicas);
  });

  test("never moves by more than the policies allow in one step", () => {
    steps.slice(1).forEach((step, index) => expect(step.replicas).toBeLessThanOrEqual(Math.max(2 * steps[index]!.replicas, steps[index]!.replicas + 4)));
  });

  test("says why in words at each step", () => {
    expect(steps[4]!.reason).toMatch(/^CPU 450 % vs target 70 % → 13 .*held at 6 by the policy \(scale-up rate limit\)$/);
  });
});

describe("simulate with other policies and inputs", () => {
  test("a disabled scale-down keeps the peak", () => {
    const policy: HpaPolicy = { ...DEFAULT_HPA_POLICY, behavior: { ...DEFAULT_HPA_POLICY.behavior, scaleDown: { selectPolicy: "Disabled" } } };
    expect(simulate(policy, spike(), 2, requests).at(-1)?.replicas).toBe(10);
  });

  test.each([
    { start: 1, replicas: 2 },
    { start: 12, replicas: 10 },
  ])("a start of $start, outside min/max, begins at the nearest bound ($replicas)", ({ start, replicas }) => {
    const points = [{ atMs: 0, usage: { cpuMilli: 0.7 * 1000 * replicas, memoryBytes: lowMemory } }];
    expect(simulate(DEFAULT_HPA_POLICY, points, start, requests)[0]?.replicas).toBe(replicas);
  });

  test("no history gives no steps", () => {
    expect(simulate(DEFAULT_HPA_POLICY, [], 2, requests)).toEqual([]);
  });
});
