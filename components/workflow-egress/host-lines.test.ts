import { describe, expect, test } from "vitest";
import { denyLinesOf, parseAllowLines, parseDenyLines } from "./host-lines";

describe("host lines", () => {
  test("one host per line, lowercased, blank lines, comments and repeats dropped", () => {
    expect(parseAllowLines("API.Example.com.\n\n# partners\n*.hooks.example.com\napi.example.com")).toEqual({ value: ["api.example.com", "*.hooks.example.com"], errors: [] });
  });

  test("a URL or a bad name is named by its line", () => {
    expect(parseAllowLines("ok.example\nhttps://x.example/path\nbad_host").errors).toEqual([
      "Line 2: write the host alone, without http:// or a path",
      'Line 3: "bad_host" is not a host name (e.g. api.example.com or *.example.com)',
    ]);
  });

  test("a deny-list line carries an optional reason after the host, and prints back the same", () => {
    const parsed = parseDenyLines("evil.example abuse report 123\n*.tracker.example");
    expect(parsed.value).toEqual([
      { pattern: "evil.example", reason: "abuse report 123" },
      { pattern: "*.tracker.example", reason: "" },
    ]);
    expect(denyLinesOf(parsed.value)).toBe("evil.example abuse report 123\n*.tracker.example");
  });
});
