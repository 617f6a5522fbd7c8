import { describe, expect, test } from "vitest";
import { CircuitBreaker } from "./breaker";

function makeBreaker() {
  let nowMs = 0;
  const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, now: () => nowMs });
  return { breaker, advance: (ms: number) => (nowMs += ms) };
}

function fail(breaker: CircuitBreaker, times: number) {
  for (let i = 0; i < times; i++) breaker.recordFailure();
}

describe("circuit breaker", () => {
  test.each([
    { failures: 2, state: "closed" },
    { failures: 3, state: "open" },
    { failures: 4, state: "open" },
  ])("is $state after $failures consecutive failures (threshold 3)", ({ failures, state }) => {
    const { breaker } = makeBreaker();
    fail(breaker, failures);
    expect(breaker.state()).toBe(state);
  });

  test("a success resets the consecutive-failure count", () => {
    const { breaker } = makeBreaker();
    fail(breaker, 2);
    breaker.recordSuccess();
    fail(breaker, 2);
    expect(breaker.state()).toBe("closed");
  });

  test("refuses calls while open", () => {
    const { breaker } = makeBreaker();
    fail(breaker, 3);
    expect(breaker.tryAcquire()).toBe(false);
  });

  test.each([
    { elapsedMs: 999, state: "open" },
    { elapsedMs: 1_000, state: "half-open" },
    { elapsedMs: 1_001, state: "half-open" },
  ])("is $state $elapsedMs ms after opening (cool-down 1000 ms)", ({ elapsedMs, state }) => {
    const { breaker, advance } = makeBreaker();
    fail(breaker, 3);
    advance(elapsedMs);
    expect(breaker.state()).toBe(state);
  });

  test("lets exactly one probe through when half-open", () => {
    const { breaker, advance } = makeBreaker();
    fail(breaker, 3);
    advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  test("closes when the probe succeeds", () => {
    const { breaker, advance } = makeBreaker();
    fail(breaker, 3);
    advance(1_000);
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(breaker.state()).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
  });

  test("re-opens for a full cool-down when the probe fails", () => {
    const { breaker, advance } = makeBreaker();
    fail(breaker, 3);
    advance(1_000);
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state()).toBe("open");
    advance(999);
    expect(breaker.state()).toBe("open");
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  test("reports each transition once", () => {
    let nowMs = 0;
    const transitions: string[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: () => nowMs, onStateChange: (state) => transitions.push(state) });
    fail(breaker, 3);
    nowMs = 100;
    breaker.tryAcquire();
    breaker.recordSuccess();
    breaker.recordSuccess();
    expect(transitions).toEqual(["open", "half-open", "closed"]);
  });
});
