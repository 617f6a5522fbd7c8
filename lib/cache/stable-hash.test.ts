import { describe, expect, test } from "vitest";
import { stableHash } from "./stable-hash";

describe("stableHash", () => {
  test("ignores property order, at every depth", () => {
    const a = { category: "seo", price: { min: 1, max: 9 } };
    const b = { price: { max: 9, min: 1 }, category: "seo" };
    expect(stableHash(a)).toBe(stableHash(b));
  });

  test("treats arrays as sets by default: order and duplicates don't matter", () => {
    expect(stableHash({ tags: ["b", "a", "a"] })).toBe(stableHash({ tags: ["a", "b"] }));
  });

  test("keeps the order of arrays under the ordered keys", () => {
    const options = { orderedKeys: ["sort"] };
    expect(stableHash({ sort: ["name", "price"] }, options)).not.toBe(stableHash({ sort: ["price", "name"] }, options));
  });

  test("drops undefined properties like JSON does", () => {
    expect(stableHash({ q: "x", tag: undefined })).toBe(stableHash({ q: "x" }));
  });

  test.each([
    { name: "different values", a: { page: 1 }, b: { page: 2 } },
    { name: "a number and its string", a: { page: 1 }, b: { page: "1" } },
    { name: "null and a missing property", a: { q: null }, b: {} },
    { name: "a nested array and a flat one", a: { ids: [["a", "b"]] }, b: { ids: ["a", "b"] } },
    { name: "different dates", a: { since: new Date(0) }, b: { since: new Date(1) } },
  ])("tells apart $name", ({ a, b }) => {
    expect(stableHash(a)).not.toBe(stableHash(b));
  });

  test("is 16 hex characters", () => {
    expect(stableHash({ anything: [1, 2, 3] })).toMatch(/^[0-9a-f]{16}$/);
  });
});
