import { describe, expect, test } from "vitest";
import { cachedBodyOf, ifNoneMatchHits } from "./cached-body";

describe("ifNoneMatchHits (RFC 9110 weak comparison)", () => {
  const etag = '"abc"';
  test("matches the tag itself, its weak form, a list holding it and *", () => {
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', "*"]) expect(ifNoneMatchHits(header, etag), header).toBe(true);
  });
  test("anything else, or no header, is no match", () => {
    for (const header of [undefined, "", '"abcd"', "abc", '"x", "y"', 'W/"ab"']) expect(ifNoneMatchHits(header, etag), String(header)).toBe(false);
  });
});

describe("cachedBodyOf", () => {
  test("renders an object once: the same bytes and tag on every call, another tag in another scope", () => {
    const value = { items: [{ name: "Ünïcode" }], nextCursor: null };
    const first = cachedBodyOf(value, "tenant:a");
    expect(cachedBodyOf(value, "tenant:a")).toBe(first);
    expect(first.bytes.toString("utf8")).toBe(JSON.stringify(value));
    const elsewhere = cachedBodyOf({ ...value }, "tenant:b");
    expect(elsewhere.bytes.equals(first.bytes)).toBe(true);
    expect(elsewhere.etag).not.toBe(first.etag);
  });
});
