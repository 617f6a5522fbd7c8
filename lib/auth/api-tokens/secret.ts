import { createHash, randomBytes } from "node:crypto";

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = "agt_";

/** Characters of the secret kept in clear for display: `agt_` and 8 of the 43 random ones. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 8;

/** 32 random bytes, base64url: `agt_` + 43 characters. */
const TOKEN_PATTERN = /^agt_[A-Za-z0-9_-]{43}$/;

export type NewSecret = { secret: string; prefix: string; secretHash: string };

/** A fresh token: the secret (shown once), its display prefix and the hash that is stored. */
export function generateSecret(): NewSecret {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH), secretHash: hashSecret(secret) };
}

/**
 * A plain SHA-256, not a password hash: the secret is 256 random bits, so there is no dictionary
 * to try and a slow hash would only add cost to every uncached request. The table alone never
 * yields a usable token.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The token of an `Authorization: Bearer agt_…` header; null for any other header. */
export function bearerApiToken(authorization: string | null | undefined): string | null {
  if (!authorization || !authorization.startsWith("Bearer ")) return null;
  const token = authorization.slice("Bearer ".length).trim();
  return token.startsWith(API_TOKEN_PREFIX) ? token : null;
}

/** Whether a presented token has the shape we issue (checked before any lookup). */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
