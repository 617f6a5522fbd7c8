import { serialize } from "node:v8";
import { describe, expect, test } from "vitest";
import { decodeEnvelope, encodeEnvelope, type CacheEnvelope } from "./serializer";

const envelopeOf = (value: unknown): CacheEnvelope => ({ found: true, value, expiresAtMs: 1_700_000_000_000, tags: ["t1"] });

describe("cache envelope serializer", () => {
  test("round-trips dates as dates, nested in objects and arrays", () => {
    const createdAt = new Date("2024-05-01T10:20:30.456Z");
    const value = { id: "a", createdAt, history: [{ at: createdAt }] };
    const decoded = decodeEnvelope(encodeEnvelope(envelopeOf(value)));
    const round = decoded?.value as typeof value;
    expect(round.createdAt).toBeInstanceOf(Date);
    expect(round.createdAt.getTime()).toBe(createdAt.getTime());
    expect(round.history[0]!.at).toBeInstanceOf(Date);
  });

  test("round-trips bigint, Map, Set, undefined and null", () => {
    const value = { count: 9_007_199_254_740_993n, byId: new Map([["a", 1]]), ids: new Set(["x"]), missing: undefined, empty: null };
    expect(decodeEnvelope(encodeEnvelope(envelopeOf(value)))?.value).toEqual(value);
  });

  test("keeps the envelope's metadata", () => {
    const envelope: CacheEnvelope = { found: false, value: null, expiresAtMs: 42, tags: ["a", "b"] };
    expect(decodeEnvelope(encodeEnvelope(envelope))).toMatchObject(envelope);
  });

  test("treats bytes that are not an envelope as unreadable", () => {
    expect(decodeEnvelope(Buffer.from("plain text"))).toBeNull();
    expect(decodeEnvelope(serialize({ format: 99, found: true, value: 1, expiresAtMs: 1, tags: [] }))).toBeNull();
    expect(decodeEnvelope(serialize("a string"))).toBeNull();
  });
});
