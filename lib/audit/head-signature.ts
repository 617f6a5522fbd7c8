import { createHmac, timingSafeEqual } from "node:crypto";

/** A position in the audit chain: the entry at `seq` has `hash` (seq 0 is the empty log). */
export type AuditHead = { seq: number; hash: string };

export const AUDIT_HEAD_ALGORITHM = "HMAC-SHA256";

/**
 * The exact text that is signed, so anyone holding the key can check a head outside the app:
 * `printf 'agency-audit-head:v1:%s:%s' SEQ HASH | openssl dgst -sha256 -hmac "$AUDIT_HEAD_KEY"`.
 */
export function auditHeadMessage(head: AuditHead): string {
  return `agency-audit-head:v1:${head.seq}:${head.hash}`;
}

/** HMAC-SHA256 of the head's message with the key (its UTF-8 bytes), as hex. */
export function signAuditHead(key: string, head: AuditHead): string {
  return createHmac("sha256", key).update(auditHeadMessage(head)).digest("hex");
}

export function isAuditHeadSignatureValid(key: string, head: AuditHead, signature: string): boolean {
  const expected = Buffer.from(signAuditHead(key, head), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
