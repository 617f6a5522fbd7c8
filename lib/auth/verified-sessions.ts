import { hash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { readCookie } from "./session";

/** Who a verified session cookie belongs to. */
export type SessionUser = { id: string; name: string; email: string };

/** A session as better-auth and the database confirmed it; times in ms since the epoch. */
export type VerifiedSession = {
  user: SessionUser;
  sessionId: string;
  createdAtMs: number;
  /** The request that verified it: idle time is counted from here. */
  lastActiveAtMs: number;
  /** The user's revocation marker when this was verified (see lib/auth/session-revocation). */
  epoch: string;
};

/** The longest a verification is reused: better-auth's own cookie-cache window. */
export const VERIFIED_SESSION_MAX_AGE_MS = 60_000;

/**
 * Sessions verified by better-auth and the database, remembered briefly so repeat requests skip
 * the session lookup. Keyed only by a SHA-256 of the signed session token cookie; nothing else
 * the client sends (in particular not the session data cookie, whose fields are unverified when
 * its signature is wrong) decides what is remembered or for how long. An entry lives at most
 * VERIFIED_SESSION_MAX_AGE_MS and never past the expiry the database gave; the caller also
 * compares its epoch with the user's current one, which any instance can change at once.
 */
export class VerifiedSessions {
  private readonly entries: LRUCache<string, { session: VerifiedSession; trustedUntilMs: number }>;

  constructor(
    private readonly tokenCookieName: string,
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  /** The lookup key of a request's session token cookie; null without one. */
  keyOf(cookieHeader: string | null): string | null {
    const token = readCookie(cookieHeader, this.tokenCookieName);
    // The one-shot hash: no Hash object per request.
    return token ? hash("sha256", token, "base64url") : null;
  }

  lookup(key: string): VerifiedSession | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    // The same rule as better-auth's: trusted up to and including the expiry instant.
    if (entry.trustedUntilMs < this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.session;
  }

  /** After better-auth and the database accepted the session: remember it for a minute at most. */
  remember(key: string, session: VerifiedSession, sessionExpiresAtMs: number): void {
    const trustedUntilMs = Math.min(this.now() + VERIFIED_SESSION_MAX_AGE_MS, sessionExpiresAtMs);
    if (trustedUntilMs >= this.now()) this.entries.set(key, { session, trustedUntilMs });
  }

  /** A request the user made: idle time counts from here (the trust window does not move). */
  markActive(key: string, atMs: number): void {
    const entry = this.entries.get(key);
    if (entry) entry.session = { ...entry.session, lastActiveAtMs: atMs };
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
