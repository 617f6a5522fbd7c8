import { describe, expect, test } from "vitest";
import { SIGNALS } from "@/lib/metrics/signals";
import { scalingMetricSchema } from "../schemas";
import { findRuleValue, formatRuleValue, RULE_METRICS } from "./rule-metrics";

const EVAL = 10_000;

describe("RULE_METRICS", () => {
  test("binds every scaling metric to a signal the sampler records", () => {
    const signalKeys = SIGNALS.map((signal) => signal.key);
    for (const metric of scalingMetricSchema.options) expect(signalKeys).toContain(RULE_METRICS[metric].signal);
  });
});

describe("findRuleValue", () => {
  test.each([
    { name: "a sample at the evaluation time", tSeconds: EVAL, value: 0.9 },
    { name: "a sample 1 s inside the lookback", tSeconds: EVAL - 299, value: 0.9 },
    { name: "a sample exactly 5 min old (left-open window)", tSeconds: EVAL - 300, value: null },
    { name: "a sample older than 5 min", tSeconds: EVAL - 301, value: null },
    { name: "a sample after the evaluation time", tSeconds: EVAL + 1, value: null },
  ])("sees $value for $name", ({ tSeconds, value }) => {
    expect(findRuleValue([[{ tSeconds, value: 0.9 }]], EVAL, 1)).toBe(value);
  });

  test("scales the signal into the rule's unit (ratio → percent)", () => {
    expect(findRuleValue([[{ tSeconds: EVAL, value: 0.83 }]], EVAL, 100)).toBeCloseTo(83, 10);
  });

  test("takes the largest series of a multi-series signal, ignoring series without a value", () => {
    const write = [{ tSeconds: EVAL - 15, value: 0.4 }];
    const read = [{ tSeconds: EVAL - 15, value: 0.9 }, { tSeconds: EVAL, value: 0.6 }];
    const stale = [{ tSeconds: EVAL - 600, value: 1 }];
    expect(findRuleValue([write, read, stale], EVAL, 100)).toBeCloseTo(60, 10);
  });

  test("is null with no series at all", () => {
    expect(findRuleValue([], EVAL, 100)).toBeNull();
  });
});

describe("formatRuleValue", () => {
  test.each([
    { unit: "percent", value: 70, text: "70 %" },
    { unit: "percent", value: 72.46, text: "72.5 %" },
    { unit: "seconds", value: 2, text: "2 s" },
    { unit: "seconds", value: 1.234, text: "1.23 s" },
    { unit: "seconds", value: 0.2404, text: "240 ms" },
    { unit: "percent", value: null, text: "—" },
  ] as const)("shows $value $unit as $text", ({ unit, value, text }) => {
    expect(formatRuleValue(unit, value)).toBe(text);
  });
});
