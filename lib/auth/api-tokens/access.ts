import type { Viewer } from "@/lib/auth/session";
import type { RouteAccess } from "@/lib/http/middleware/require-viewer";

export type ApiTokenScope = "tenant" | "platform_read";

/** What a request authenticated by an API token carries on its viewer. */
export type ApiTokenGrant = { tokenId: string; scope: ApiTokenScope; tenantId: string | null };

/**
 * Why a token may not call a route, or null when it may (the route's own roles are checked
 * after this). A token never reaches account routes (tokens, sessions, step-up: a token cannot
 * mint tokens or prove a password), a tenant token only its tenant's routes while its owner is
 * still a member, and a platform token only platform GETs: no mutation, so never a step-up. Pure.
 */
export function tokenRefusalReason(viewer: Viewer, grant: ApiTokenGrant, access: RouteAccess, method: string): string | null {
  if (access.scope === "account") return "API tokens cannot call account routes; sign in instead";
  if (grant.scope === "tenant") {
    if (access.scope !== "tenant") return "this API token is scoped to one tenant; platform routes need a platform token";
    return viewer.active ? null : "the token's owner is no longer a member of its tenant";
  }
  if (access.scope !== "platform") return "this API token is scoped to the platform (read-only); tenant routes need a tenant token";
  if (!viewer.platformRole) return "the token's owner no longer holds a platform role";
  return method === "GET" || method === "HEAD" ? null : "this API token is read-only: platform changes need a signed-in session";
}
