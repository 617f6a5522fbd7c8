import { auth, SESSION_COOKIE_PREFIX } from "@/lib/auth/auth";
import { loadAccessForUser } from "@/lib/auth/repo";
import type { PlatformRole, TenantRole } from "@/lib/auth/roles";
import { cacheKeys, cacheTags, getOrLoad } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { VerifiedSessions, type SessionUser } from "./verified-sessions";

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

function verifiedSessions(): VerifiedSessions {
  return processSingleton("verified-sessions", () => {
    // better-auth's cookie names: its prefix, and __Secure- in front when cookies are Secure.
    const prefix = `${env().secureCookies ? "__Secure-" : ""}${SESSION_COOKIE_PREFIX}`;
    return new VerifiedSessions({ token: `${prefix}.session_token`, data: `${prefix}.session_data` }, VERIFIED_SESSIONS_MAX);
  });
}

/** better-auth's check of the signed cookies (or the database once the cookie cache lapsed). */
async function verifySession(headers: Headers): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = { id: session.user.id, name: session.user.name, email: session.user.email };
  verifiedSessions().remember(headers.get("cookie"), user, new Date(session.session.expiresAt).getTime());
  return user;
}

/** Who is asking, from the session cookie alone: the tenant never comes from the request body. */
export async function getViewer(headers: Headers): Promise<Viewer | null> {
  const user = verifiedSessions().lookup(headers.get("cookie")) ?? (await verifySession(headers));
  if (!user) return null;
  // Checked on every request, so cached briefly: a membership or platform-role change reaches a
  // signed-in user within the TTL, or at once when the code that changes it invalidates the tag.
  const access = await getOrLoad(cacheKeys.userAccess(user.id), () => loadAccessForUser(db(), user.id), {
    ttlSeconds: ACCESS_CACHE_SECONDS,
    tags: [cacheTags.userAccess(user.id)],
  });
  const memberships = access?.memberships ?? [];
  const requestedTenantId = readCookie(headers.get("cookie"), TENANT_COOKIE);
  return {
    user,
    active: chooseActiveMembership(memberships, requestedTenantId),
    memberships,
    platformRole: access?.platformRole ?? null,
  };
}
