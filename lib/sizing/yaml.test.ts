import { parseAllDocuments } from "yaml";
import { describe, expect, test } from "vitest";
import { toYamlDocuments } from "./yaml";

// An independent reader (the `yaml` package vitest already brings) checks the emitter.
function readBack(text: string): unknown[] {
  return parseAllDocuments(text).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS();
  });
}

describe("toYamlDocuments", () => {
  test("round-trips strings a YAML reader would otherwise take for other types or syntax", () => {
    const tricky = { values: ["yes", "No", "on", "null", "~", "", "3000", "0.9", "1e3", "0x1F", "a: b", "# x", "- x", "x #y", "* star", "&anchor", "'q'", '"dq"', " lead", "line\nbreak", "tab\t", "é ✓", "[x]", "{x}"] };
    expect(readBack(toYamlDocuments([tricky]))).toEqual([tricky]);
  });

  test("round-trips nested objects, arrays of objects, nested arrays, empties, numbers, booleans and null", () => {
    const value = { a: { b: [{ c: 1, d: [true, false, null] }, [1, [2, 3]], {}], e: [] }, "app.kubernetes.io/name": "x", f: -2.5 };
    expect(readBack(toYamlDocuments([value, { second: "doc" }]))).toEqual([value, { second: "doc" }]);
  });

  test("leaves out undefined fields and refuses non-finite numbers", () => {
    expect(toYamlDocuments([{ a: 1, b: undefined }])).toBe("a: 1\n");
    expect(() => toYamlDocuments([{ a: Number.NaN }])).toThrow(/NaN/);
  });
});
