import { describe, expect, test } from "vitest";
import { applyTransform, attemptBudgetMs, failStepShouldFail, nextRetryDelayMs, readPath, workflowTypeOf } from "./rules";

describe("workflowTypeOf", () => {
  test("names the sorted set of step types, whatever the order or repetition", () => {
    expect(workflowTypeOf([{ type: "http" }, { type: "delay" }, { type: "http" }])).toBe("delay+http");
    expect(workflowTypeOf([{ type: "transform" }])).toBe("transform");
  });
});

describe("nextRetryDelayMs", () => {
  const settings = { retryAttempts: 3, retryDelayMs: 5_000 };
  test.each([
    [1, 5_000],
    [3, 5_000],
    [4, null],
  ])("after failed attempt %i → %s", (attempt, expected) => {
    expect(nextRetryDelayMs(attempt, settings)).toBe(expected);
  });
  test("no retries configured gives up at once", () => {
    expect(nextRetryDelayMs(1, { retryAttempts: 0, retryDelayMs: 5_000 })).toBeNull();
  });
});

describe("attemptBudgetMs", () => {
  const delay = { id: "d", type: "delay", config: { ms: 10 } } as const;
  const http = { id: "h", type: "http", config: { url: "http://x.test", method: "GET", timeoutMs: 2_000 } } as const;
  test("an http step's own timeout wins when shorter than the step timeout", () => {
    expect(attemptBudgetMs(http, { stepTimeoutMs: 300_000 }, 3_600_000)).toBe(2_000);
  });
  test("the workflow deadline cuts an attempt short", () => {
    expect(attemptBudgetMs(delay, { stepTimeoutMs: 300_000 }, 1_500)).toBe(1_500);
  });
  test("a deadline already past leaves no time", () => {
    expect(attemptBudgetMs(delay, { stepTimeoutMs: 300_000 }, -20)).toBe(0);
  });
});

describe("failStepShouldFail", () => {
  test.each([
    [undefined, 9, true],
    [2, 1, true],
    [2, 2, true],
    [2, 3, false],
  ])("times=%s attempt=%i → %s", (times, attempt, expected) => {
    expect(failStepShouldFail(times, attempt)).toBe(expected);
  });
});

describe("applyTransform", () => {
  const previous = { user: { name: "Ada", tags: ["a", "b"] }, status: 200 };
  test("picks and renames with the value's own type", () => {
    expect(applyTransform({ who: "{{user.name}}", code: "{{status}}", first: "{{user.tags.0}}", all: "{{user}}" }, previous, null)).toEqual({
      who: "Ada",
      code: 200,
      first: "a",
      all: previous.user,
    });
  });
  test("interpolates templates and reads the execution input", () => {
    expect(applyTransform({ line: "{{user.name}} got {{status}} for {{$input.order}}" }, previous, { order: 42 })).toEqual({ line: "Ada got 200 for 42" });
  });
  test("missing paths become null alone and empty inside text; literals pass through", () => {
    expect(applyTransform({ gone: "{{nope.deeper}}", text: "[{{nope}}]", n: 3, b: false, z: null }, previous, null)).toEqual({ gone: null, text: "[]", n: 3, b: false, z: null });
  });
  test("never reads through the prototype chain", () => {
    expect(readPath({}, "constructor")).toBeUndefined();
    expect(applyTransform({ p: "{{__proto__}}" }, {}, null)).toEqual({ p: null });
  });
});
