import { describe, expect, test } from "vitest";
import { wroteRecently } from "./read-your-writes";

describe("wroteRecently", () => {
  const now = 1_000_000;
  test.each([
    [`agency_last_write=${now - 4_999}`, true],
    [`agency_last_write=${now - 5_000}`, false],
    ["agency_last_write=garbage", false],
    ["other=1", false],
  ])("%s within a 5 s window → %s", (cookie, expected) => {
    expect(wroteRecently(cookie, 5, now)).toBe(expected);
  });
  test("no cookie header means no recent write", () => expect(wroteRecently(null, 5, now)).toBe(false));
});
