import { describe, expect, test } from "vitest";
import { globToRegExp } from "./glob";

describe("globToRegExp (Redis MATCH semantics)", () => {
  test.each([
    { pattern: "agency:templates:t1:*", key: "agency:templates:t1:abc", matches: true },
    { pattern: "agency:templates:t1:*", key: "agency:templates:t10:abc", matches: false },
    { pattern: "agency:*:t1:*", key: "agency:modules:t1:active", matches: true },
    { pattern: "agency:?:x", key: "agency:a:x", matches: true },
    { pattern: "agency:?:x", key: "agency:ab:x", matches: false },
    { pattern: "agency:[ab]:x", key: "agency:b:x", matches: true },
    { pattern: "agency:[^ab]:x", key: "agency:b:x", matches: false },
    { pattern: "agency:[a-c]:x", key: "agency:c:x", matches: true },
    { pattern: "agency:\\*:x", key: "agency:*:x", matches: true },
    { pattern: "agency:\\*:x", key: "agency:a:x", matches: false },
    { pattern: "agency.x", key: "agencyXx", matches: false },
  ])("$pattern matches $key: $matches", ({ pattern, key, matches }) => {
    expect(globToRegExp(pattern).test(key)).toBe(matches);
  });
});
