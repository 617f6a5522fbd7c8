import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Secret step headers at rest: AES-256-GCM, each value with its own random nonce, written as
 * `enc:v1:<base64url(nonce | tag | ciphertext)>`. A value without that prefix is a plaintext one
 * stored before encryption existed: it is sent as it is and encrypted at the next save.
 */
const PREFIX = "enc:v1:";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function isEncryptedSecret(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** Throws when the value was sealed with another key or altered. */
export function decryptSecret(value: string, key: Buffer): string {
  if (!isEncryptedSecret(value)) return value;
  const raw = Buffer.from(value.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
}

let cachedKey: { source: string; key: Buffer } | undefined;

/**
 * WORKFLOW_SECRETS_KEY (production refuses to start without it). Elsewhere an unset key is
 * derived from BETTER_AUTH_SECRET, so development and tests need no extra setting; values sealed
 * that way are unreadable once a real key is set, and must be entered again.
 */
export function workflowSecretsKey(): Buffer {
  const config = env();
  const source = config.WORKFLOW_SECRETS_KEY ?? `derived:${config.BETTER_AUTH_SECRET}`;
  if (cachedKey?.source !== source) {
    const key = config.WORKFLOW_SECRETS_KEY
      ? Buffer.from(config.WORKFLOW_SECRETS_KEY, "hex")
      : Buffer.from(hkdfSync("sha256", config.BETTER_AUTH_SECRET, "agency-toolkit", "workflow-secrets-key", 32));
    cachedKey = { source, key };
  }
  return cachedKey.key;
}
