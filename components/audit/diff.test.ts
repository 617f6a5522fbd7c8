import { describe, expect, test } from "vitest";
import { diffJson } from "./diff";

describe("diffJson", () => {
  test("marks changed, added, removed and unchanged leaves by path", () => {
    expect(diffJson({ threshold: 80, enabled: true, tags: ["a"] }, { threshold: 75, enabled: true, severity: "critical" })).toEqual([
      { path: "enabled", before: "true", after: "true", kind: "same" },
      { path: "severity", before: undefined, after: '"critical"', kind: "added" },
      { path: "tags.0", before: '"a"', after: undefined, kind: "removed" },
      { path: "threshold", before: "80", after: "75", kind: "changed" },
    ]);
  });

  test("a null side lists the other side as added or removed; nested objects flatten to dotted paths", () => {
    expect(diffJson(null, { a: { b: 1 } })).toEqual([{ path: "a.b", before: undefined, after: "1", kind: "added" }]);
    expect(diffJson({ a: {} }, null)).toEqual([{ path: "a", before: "{}", after: undefined, kind: "removed" }]);
    expect(diffJson("x", "y")).toEqual([{ path: "(value)", before: '"x"', after: '"y"', kind: "changed" }]);
  });
});
