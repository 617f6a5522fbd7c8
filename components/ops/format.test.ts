import { describe, expect, test } from "vitest";
import { formatAge, formatValue } from "./format";

describe("formatValue", () => {
  test.each([
    ["ratio", 0.834, "83 %"],
    ["ratio", 0.054, "5.4 %"],
    ["seconds", 0.2404, "240 ms"],
    ["seconds", 0.0042, "4.2 ms"],
    ["seconds", 2.5, "2.50 s"],
    ["bytes", 3_250_000, "3.1 MB"],
    ["req/s", 1234, "1.2 k req/s"],
    ["req/s", 4.44, "4.4 req/s"],
    ["count", 3, "3"],
  ] as const)("%s %s → %s", (unit, value, expected) => expect(formatValue(unit, value)).toBe(expected));
  test("no value is a dash", () => expect(formatValue("ratio", null)).toBe("—"));
});

describe("formatAge", () => {
  test("seconds, then minutes", () => {
    expect(formatAge(4_400)).toBe("4 s ago");
    expect(formatAge(180_000)).toBe("3 min ago");
  });
});
