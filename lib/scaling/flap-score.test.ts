import { describe, expect, test } from "vitest";
import type { AlertState } from "./alert-state";
import { calculateFlapScore } from "./flap-score";

function history(states: AlertState[], stepSeconds: number) {
  return states.map((state, index) => ({ evalTimeSeconds: index * stepSeconds, state }));
}

describe("calculateFlapScore", () => {
  test.each([
    { name: "no samples", samples: [], score: 0 },
    { name: "one sample", samples: history(["firing"], 60), score: 0 },
    { name: "a steady state", samples: history(["firing", "firing", "firing"], 1800), score: 0 },
    { name: "one change in an hour", samples: history(["inactive", "pending"], 3600), score: 1 },
    { name: "four changes in an hour", samples: history(["inactive", "pending", "firing", "inactive", "pending"], 900), score: 4 },
    { name: "one change in a minute", samples: history(["firing", "inactive"], 60), score: 60 },
  ])("scores $score for $name", ({ samples, score }) => {
    expect(calculateFlapScore(samples)).toBe(score);
  });

  test("scores 0 when every sample has the same time", () => {
    expect(calculateFlapScore(history(["firing", "inactive"], 0))).toBe(0);
  });

  test("sorts samples by time before counting changes", () => {
    const shuffled = [
      { evalTimeSeconds: 3600, state: "firing" as const },
      { evalTimeSeconds: 0, state: "inactive" as const },
      { evalTimeSeconds: 1800, state: "inactive" as const },
    ];
    expect(calculateFlapScore(shuffled)).toBe(1);
  });
});
