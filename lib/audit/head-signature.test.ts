import { describe, expect, test } from "vitest";
import { auditHeadMessage, isAuditHeadSignatureValid, signAuditHead } from "./head-signature";

const KEY = "0123456789abcdef0123456789abcdef";
const HEAD = { seq: 42, hash: "a".repeat(64) };

describe("audit head signature", () => {
  test("signs the documented message, so openssl with the same key gives the same hex", () => {
    expect(auditHeadMessage(HEAD)).toBe(`agency-audit-head:v1:42:${"a".repeat(64)}`);
    // printf 'agency-audit-head:v1:42:aaa…a' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    expect(signAuditHead(KEY, HEAD)).toBe("9ae2cb7ea60c0e0262885a9bd83670b9ac2780d6cde21d6602c12522c75c4b8d");
  });

  test("accepts its own signature and refuses another seq, another hash, another key or garbage", () => {
    const signature = signAuditHead(KEY, HEAD);
    expect(isAuditHeadSignatureValid(KEY, HEAD, signature)).toBe(true);
    expect(isAuditHeadSignatureValid(KEY, { ...HEAD, seq: 43 }, signature)).toBe(false);
    expect(isAuditHeadSignatureValid(KEY, { ...HEAD, hash: "b".repeat(64) }, signature)).toBe(false);
    expect(isAuditHeadSignatureValid(`${KEY}x`, HEAD, signature)).toBe(false);
    expect(isAuditHeadSignatureValid(KEY, HEAD, "not hex")).toBe(false);
    expect(isAuditHeadSignatureValid(KEY, HEAD, signature.slice(0, 62))).toBe(false);
  });
});
