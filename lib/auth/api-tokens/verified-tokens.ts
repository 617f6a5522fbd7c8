import { LRUCache } from "lru-cache";
import type { SessionUser } from "@/lib/auth/verified-sessions";
import type { ApiTokenScope } from "./access";

/** A token as the database confirmed it; times in ms since the epoch. */
export type VerifiedToken = {
  tokenId: string;
  user: SessionUser;
  scope: ApiTokenScope;
  tenantId: string | null;
  expiresAtMs: number;
  /** The owner's revocation marker when this was verified (see lib/auth/session-revocation). */
  epoch: string;
  /** When this instance last wrote (or read) the token's lastUsedAt. */
  lastUsedWrittenAtMs: number;
};

/** The longest a verification is reused before the row is read again. */
export const VERIFIED_TOKEN_MAX_AGE_MS = 30_000;

/**
 * How long a secret the database did not know (never issued, revoked or expired) is answered
 * without reading again. None of those can become valid: a new token always gets a new secret.
 */
export const UNKNOWN_TOKEN_MAX_AGE_MS = 60_000;

/**
 * Tokens verified against the database, remembered briefly per instance so a repeat request costs
 * no query. Keyed by the secret's SHA-256 (what the table stores), bounded in count; an entry
 * lives at most VERIFIED_TOKEN_MAX_AGE_MS and never past the token's expiry. The caller also
 * compares its epoch with the owner's current one, which a revocation changes on every instance.
 */
export class VerifiedTokens {
  private readonly entries: LRUCache<string, { token: VerifiedToken; trustedUntilMs: number }>;
  /** Kept apart, so a flood of made-up secrets cannot push verified tokens out. */
  private readonly unknown: LRUCache<string, number>;

  constructor(
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
    this.unknown = new LRUCache({ max: maxEntries });
  }

  /** Whether the database recently said it has no valid token with this secret. */
  isKnownUnknown(secretHash: string): boolean {
    const until = this.unknown.get(secretHash);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.unknown.delete(secretHash);
    return false;
  }

  rememberUnknown(secretHash: string): void {
    this.unknown.set(secretHash, this.now() + UNKNOWN_TOKEN_MAX_AGE_MS);
  }

  lookup(secretHash: string): VerifiedToken | null {
    const entry = this.entries.get(secretHash);
    if (!entry) return null;
    if (entry.trustedUntilMs <= this.now()) {
      this.entries.delete(secretHash);
      return null;
    }
    return entry.token;
  }

  remember(secretHash: string, token: VerifiedToken): void {
    const trustedUntilMs = Math.min(this.now() + VERIFIED_TOKEN_MAX_AGE_MS, token.expiresAtMs);
    if (trustedUntilMs > this.now()) this.entries.set(secretHash, { token, trustedUntilMs });
  }

  markUsed(secretHash: string, atMs: number): void {
    const entry = this.entries.get(secretHash);
    if (entry) entry.token = { ...entry.token, lastUsedWrittenAtMs: atMs };
  }

  forget(secretHash: string): void {
    this.entries.delete(secretHash);
  }
}
