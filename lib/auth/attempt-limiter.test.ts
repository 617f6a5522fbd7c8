import { describe, expect, test } from "vitest";
import { AttemptLimiter } from "./attempt-limiter";

function limiterAt(startMs: number) {
  const clock = { now: startMs };
  return { clock, limiter: new AttemptLimiter(3, 60_000, 2, () => clock.now) };
}

describe("AttemptLimiter", () => {
  test("allows attempts below the limit and refuses at the limit", () => {
    const { limiter } = limiterAt(0);
    limiter.recordFailure("a");
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    limiter.recordFailure("a");
    expect(limiter.retryAfterSeconds("a")).toBe(60);
  });

  test("opens again when the window ends", () => {
    const { clock, limiter } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.recordFailure("a");
    clock.now = 59_001;
    expect(limiter.retryAfterSeconds("a")).toBe(1);
    clock.now = 60_000;
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });

  test("a success resets the count", () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.recordFailure("a");
    limiter.reset("a");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });

  test("forgets the oldest key beyond its bound", () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.recordFailure("a");
    limiter.recordFailure("b");
    limiter.recordFailure("c");
    expect(limiter.retryAfterSeconds("a")).toBe(0);
  });
});
