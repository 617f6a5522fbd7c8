import { LRUCache } from "lru-cache";
import { readCookie } from "./session";

/** Who a verified session cookie belongs to. */
export type SessionUser = { id: string; name: string; email: string };

/**
 * Session cookies that better-auth has already verified, remembered until the signed session
 * data inside them expires (the cookie cache's own minute), so repeat requests skip re-checking
 * two HMAC signatures and re-parsing the payload. Not a new trust window: an entry ends exactly
 * when better-auth would stop trusting the cookie and go to the database, and it matches only
 * the identical token and data cookies it was verified with.
 */
export class VerifiedSessions {
  private readonly entries: LRUCache<string, { user: SessionUser; trustedUntilMs: number }>;

  constructor(
    private readonly cookieNames: { token: string; data: string },
    maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  private keyOf(cookieHeader: string | null): string | null {
    const token = readCookie(cookieHeader, this.cookieNames.token);
    const data = readCookie(cookieHeader, this.cookieNames.data);
    return token && data ? `${token}\n${data}` : null;
  }

  lookup(cookieHeader: string | null): SessionUser | null {
    const key = this.keyOf(cookieHeader);
    const entry = key ? this.entries.get(key) : undefined;
    if (!entry) return null;
    // The same rule as better-auth's: trusted up to and including the expiry instant.
    if (entry.trustedUntilMs < this.now()) {
      this.entries.delete(key!);
      return null;
    }
    return entry.user;
  }

  /** After better-auth accepted these cookies: remember them until their session data expires. */
  remember(cookieHeader: string | null, user: SessionUser, sessionExpiresAtMs: number): void {
    const key = this.keyOf(cookieHeader);
    const dataExpiresAtMs = key ? sessionDataExpiry(readCookie(cookieHeader, this.cookieNames.data)!) : null;
    if (!key || dataExpiresAtMs === null) return;
    const trustedUntilMs = Math.min(dataExpiresAtMs, sessionExpiresAtMs);
    if (trustedUntilMs >= this.now()) this.entries.set(key, { user, trustedUntilMs });
  }
}

/**
 * When the session data cookie (better-auth's compact cookie cache: base64url JSON with an
 * `expiresAt` in ms beside its signature) stops being trusted. Read only from a cookie that was
 * just verified; anything unexpected means "do not remember".
 */
export function sessionDataExpiry(value: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as { expiresAt?: unknown };
    return typeof parsed.expiresAt === "number" && Number.isFinite(parsed.expiresAt) ? parsed.expiresAt : null;
  } catch {
    return null;
  }
}
