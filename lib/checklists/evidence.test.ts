import { describe, expect, test } from "vitest";
import { canonicalJson, digestOf } from "./evidence";

describe("canonicalJson", () => {
  test("sorts keys at every level and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe('{"a":{"d":[2,{"y":null,"z":1}]},"b":1}');
  });

  test("writes dates as ISO strings and undefined array members as null", () => {
    expect(canonicalJson([new Date("2026-01-01T00:00:00Z"), undefined])).toBe('["2026-01-01T00:00:00.000Z",null]');
  });
});

describe("digestOf", () => {
  test("is the same for the same content in any key order, and changes with any value", () => {
    expect(digestOf({ a: 1, b: [1, 2] })).toBe(digestOf({ b: [1, 2], a: 1 }));
    expect(digestOf({ a: 1, b: [1, 2] })).not.toBe(digestOf({ a: 1, b: [2, 1] }));
    expect(digestOf({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
