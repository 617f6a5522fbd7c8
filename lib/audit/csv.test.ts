import { describe, expect, test } from "vitest";
import { csvField, csvHeader, csvLine } from "./csv";

describe("csvField", () => {
  test.each([
    ["plain", "plain"],
    ["with,comma", '"with,comma"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@sum", "'@sum"],
    ["", ""],
  ])("%j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

test("a line has every column in header order and ends with CRLF", () => {
  const row = { seq: "7", at: "2026-01-01T00:00:00.000Z", actor_email: "a@b", actor_user_id: "u", tenant_id: "", action: "x.y", target: "t:1", request_id: "r", before: "", after: '{"a":1}', prev_hash: "p", hash: "h" };
  expect(csvHeader()).toBe("seq,at,actor_email,actor_user_id,tenant_id,action,target,request_id,before,after,prev_hash,hash\r\n");
  expect(csvLine(row)).toBe('7,2026-01-01T00:00:00.000Z,a@b,u,,x.y,t:1,r,,"{""a"":1}",p,h\r\n');
});
