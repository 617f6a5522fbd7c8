import { describe, expect, test } from "vitest";
import { encodeInvalidation, type Invalidation } from "./invalidation-bus";
import { splitIntoMessages } from "./pg-invalidation-bus";

const encode = (part: Invalidation) => encodeInvalidation(part, "instance-a", 1_765_000_000_000);
const keysOf = (messages: string[]) => messages.flatMap((message) => (JSON.parse(message) as { keys: string[] }).keys);

describe("splitIntoMessages", () => {
  test("keeps an invalidation that fits as one message", () => {
    const invalidation: Invalidation = { kind: "keys", keys: ["agency:templates:t:1", "agency:templates:t:2"] };
    expect(splitIntoMessages(invalidation, encode, 7_990)).toEqual([encode(invalidation)]);
  });

  test("cuts a key list into messages of at most the limit, keeping every key in order", () => {
    const keys = Array.from({ length: 1_000 }, (_, index) => `agency:templates:tenant-${index}:template-${index}`);
    const messages = splitIntoMessages({ kind: "keys", keys }, encode, 7_990);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((message) => Buffer.byteLength(message) <= 7_990)).toBe(true);
    expect(keysOf(messages)).toEqual(keys);
  });

  test("fills a message exactly up to the limit and starts the next one a byte above it", () => {
    const keys = ["a".repeat(10), "b".repeat(10), "c".repeat(10)];
    const twoKeysBytes = Buffer.byteLength(encode({ kind: "keys", keys: keys.slice(0, 2) }));
    expect(splitIntoMessages({ kind: "keys", keys }, encode, twoKeysBytes)).toHaveLength(2);
    expect(splitIntoMessages({ kind: "keys", keys }, encode, twoKeysBytes - 1)).toHaveLength(3);
  });

  test("counts multi-byte characters in bytes", () => {
    const keys = Array.from({ length: 200 }, (_, index) => `agency:templates:t:${"é".repeat(30)}${index}`);
    const messages = splitIntoMessages({ kind: "keys", keys }, encode, 2_000);
    expect(messages.every((message) => Buffer.byteLength(message) <= 2_000)).toBe(true);
    expect(keysOf(messages)).toEqual(keys);
  });

  test("never splits a tag or a pattern", () => {
    const tag: Invalidation = { kind: "tag", tag: "x".repeat(100) };
    expect(splitIntoMessages(tag, encode, 50)).toEqual([encode(tag)]);
  });
});
