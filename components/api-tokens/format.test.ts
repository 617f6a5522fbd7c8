import { describe, expect, test } from "vitest";
import { formatExpiry, formatTokenCount } from "./format";

const NOW = Date.parse("2026-12-08T00:00:00Z");

describe("formatExpiry", () => {
  test.each([
    ["2026-12-08T00:00:30Z", "in 1 min"],
    ["2026-12-08T05:00:00Z", "in 5 h"],
    ["2026-12-09T23:00:00Z", "in 47 h"],
    ["2027-01-07T00:00:00Z", "in 30 d"],
    ["2026-12-06T01:00:00Z", "expired 47 h ago"],
    ["2026-12-06T00:00:00Z", "expired 2 d ago"],
    ["2026-12-01T00:00:00Z", "expired 7 d ago"],
  ])("%s reads %s", (iso, expected) => {
    expect(formatExpiry(iso, NOW)).toBe(expected);
  });
});

test("counts tokens with the right plural", () => {
  expect([0, 1, 2].map(formatTokenCount)).toEqual(["0 tokens", "1 token", "2 tokens"]);
});
