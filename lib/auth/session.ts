import { auth, SESSION_COOKIE_PREFIX } from "@/lib/auth/auth";
import type { ApiTokenGrant } from "@/lib/auth/api-tokens/access";
import { loadAccessForUser } from "@/lib/auth/repo";
import type { PlatformRole, TenantRole } from "@/lib/auth/roles";
import { cachedInL1, cacheKeys, cacheTags, getOrLoad } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { isConnectionError } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { BACKGROUND_REQUEST_HEADER, isBackgroundRequest } from "@/lib/activity/background";
import { sessionEndReason, sessionLimitsFor } from "./session-lifetimes";
import { currentSessionEpoch, endSession, sessionEpochInL1 } from "./session-revocation";
import { VerifiedSessions, type VerifiedSession } from "./verified-sessions";

const ACCESS_CACHE_SECONDS = 30;

/** The tenant a user works in; validated against their memberships on every request. */
export const TENANT_COOKIE = "agency_tenant";

export type Membership = { tenantId: string; tenantSlug: string; tenantName: string; role: TenantRole };

export type Viewer = {
  user: { id: string; name: string; email: string };
  /** The active tenant and the role held there; null when the user belongs to no tenant. */
  active: Membership | null;
  memberships: Membership[];
  /** The user's role in the platform scope (the ops control plane); null for customers. */
  platformRole: PlatformRole | null;
  /** Set when the request came with an API token instead of a session cookie (lib/auth/api-tokens). */
  apiToken?: ApiTokenGrant;
};

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  // Scans in place rather than splitting: three reads of the cookie header per API request.
  for (let start = 0; start < cookieHeader.length; ) {
    let end = cookieHeader.indexOf(";", start);
    if (end === -1) end = cookieHeader.length;
    const separator = cookieHeader.indexOf("=", start);
    if (separator > start && separator < end && cookieHeader.slice(start, separator).trim() === name) {
      const value = cookieHeader.slice(separator + 1, end).trim();
      // Signed session values are base64url; most cookies have nothing to decode.
      if (!value.includes("%")) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        // Not percent-encoding we wrote (`%zz`, a cut-off UTF-8 sequence): the cookie counts as
        // absent, as better-auth treats one it cannot parse, instead of failing the request.
        return undefined;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** Picks the tenant named by the cookie when the user belongs to it, else their first tenant. */
export function chooseActiveMembership(memberships: Membership[], requestedTenantId: string | undefined): Membership | null {
  return memberships.find((membership) => membership.tenantId === requestedTenantId) ?? memberships[0] ?? null;
}

/** Distinct verified sessions remembered per process; beyond this the least recent is re-verified. */
const VERIFIED_SESSIONS_MAX = 10_000;

/** Idle time is written to the session row at most this often per instance. */
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

/** better-auth's session token cookie name: its prefix, and __Secure- in front when cookies are Secure. */
function sessionTokenCookie(): string {
  return `${env().secureCookies ? "__Secure-" : ""}${SESSION_COOKIE_PREFIX}.session_token`;
}

/** This module copy's handle on the process's store: looked up several times per request. */
let sessionStore: VerifiedSessions | undefined;

function verifiedSessions(): VerifiedSessions {
  return (sessionStore ??= processSingleton("verified-session-store", () => new VerifiedSessions(sessionTokenCookie(), VERIFIED_SESSIONS_MAX)));
}

/**
 * better-auth's session lookup. A day into a session it also extends the row (a write); while
 * the primary is down that refresh is skipped, and a refresh that fails on a lost connection is
 * retried without it: a valid session stays valid, it is extended once the primary is back.
 */
async function findSignedSession(headers: Headers) {
  const isPrimaryDown = !db().primaryReachable();
  try {
    return await auth().api.getSession({ headers, query: { disableRefresh: isPrimaryDown } });
  } catch (error) {
    if (isPrimaryDown || !isConnectionError(error)) throw error;
    return auth().api.getSession({ headers, query: { disableRefresh: true } });
  }
}

/**
 * better-auth's check of the signed token cookie, then the session row itself on the primary
 * (a replica while the primary cannot answer: the freshest copy there is). Nothing is taken
 * from the session data cookie but what better-auth verified, and the lifetime comes from the
 * row. The user's epoch is read before the row: a sign-out that deletes the row after this read
 * also changes the epoch, so what is remembered here goes stale at once.
 */
async function verifySession(headers: Headers): Promise<{ session: VerifiedSession; expiresAtMs: number } | null> {
  const found = await findSignedSession(headers);
  if (!found) return null;
  const signedToken = readCookie(headers.get("cookie"), sessionTokenCookie()) ?? "";
  if (signedToken.slice(0, signedToken.lastIndexOf(".")) !== found.session.token) return null;
  const epoch = await currentSessionEpoch(found.user.id);
  const row = await db().readFresh((client) =>
    client.session.findUnique({
      where: { token: found.session.token },
      select: { id: true, userId: true, createdAt: true, updatedAt: true, expiresAt: true },
    }),
  );
  if (!row || row.userId !== found.user.id || row.expiresAt.getTime() < Date.now()) return null;
  const user = { id: found.user.id, name: found.user.name, email: found.user.email };
  return {
    session: { user, sessionId: row.id, createdAtMs: row.createdAt.getTime(), lastActiveAtMs: row.updatedAt.getTime(), epoch },
    expiresAtMs: row.expiresAt.getTime(),
  };
}

/** The remembered session when its user's epoch has not moved since, else a fresh verification. */
async function resolveSession(headers: Headers, key: string): Promise<VerifiedSession | null> {
  const store = verifiedSessions();
  const remembered = store.lookup(key);
  if (remembered && remembered.epoch === (sessionEpochInL1(remembered.user.id) ?? (await currentSessionEpoch(remembered.user.id)))) return remembered;
  store.forget(key);
  const verified = await verifySession(headers);
  if (!verified) return null;
  store.remember(key, verified.session, verified.expiresAtMs);
  return verified.session;
}

/** Who is asking, from the session cookie alone: the tenant never comes from the request body. */
export async function getViewer(headers: Headers): Promise<Viewer | null> {
  const key = verifiedSessions().keyOf(headers.get("cookie"));
  if (!key) return null;
  const session = await resolveSession(headers, key);
  if (!session) return null;
  const user = session.user;
  // Checked on every request, so cached briefly: a membership or platform-role change reaches a
  // signed-in user within the TTL, or at once when the code that changes it invalidates the tag.
  const accessKey = cacheKeys.userAccess(user.id);
  const accessInL1 = cachedInL1<Awaited<ReturnType<typeof loadAccessForUser>>>(accessKey);
  const access = accessInL1
    ? accessInL1.value
    : await getOrLoad(accessKey, () => loadAccessForUser(db(), user.id), { ttlSeconds: ACCESS_CACHE_SECONDS, tags: [cacheTags.userAccess(user.id)] });
  const platformRole = access?.platformRole ?? null;
  if (!(await isSessionAlive(headers, key, session, platformRole !== null))) return null;
  const memberships = access?.memberships ?? [];
  const requestedTenantId = readCookie(headers.get("cookie"), TENANT_COOKIE);
  return { user, active: chooseActiveMembership(memberships, requestedTenantId), memberships, platformRole };
}

/**
 * Ends the session (deleted, forgotten on every instance) once it is past its absolute or idle
 * limit; otherwise records this request as activity, unless the browser marked it as made
 * without the user (an idle tab's polls must not keep a session alive).
 */
async function isSessionAlive(headers: Headers, key: string, session: VerifiedSession, hasPlatformRole: boolean): Promise<boolean> {
  const nowMs = Date.now();
  if (sessionEndReason(session, sessionLimitsFor(hasPlatformRole, env()), nowMs)) {
    verifiedSessions().forget(key);
    await endSession(session.sessionId, session.user.id);
    return false;
  }
  if (!isBackgroundRequest(headers.get(BACKGROUND_REQUEST_HEADER)) && nowMs - session.lastActiveAtMs >= ACTIVITY_WRITE_INTERVAL_MS) {
    if (await recordActivity(session.sessionId, nowMs)) verifiedSessions().markActive(key, nowMs);
  }
  return true;
}

/**
 * Writes the activity time to the session row; false when the primary cannot take it. Best
 * effort: a request with the primary down is answered all the same, and a later request writes
 * the time once the primary is back (only then is it remembered as written).
 */
async function recordActivity(sessionId: string, nowMs: number): Promise<boolean> {
  if (!db().primaryReachable()) return false;
  try {
    await db().primary.session.updateMany({ where: { id: sessionId }, data: { updatedAt: new Date(nowMs) } });
    return true;
  } catch (error) {
    if (isConnectionError(error)) return false;
    throw error;
  }
}
