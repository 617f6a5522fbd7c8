import type { MiddlewareHandler } from "hono";
import { hasPlatformRole, hasTenantRole, type PlatformRole, type TenantRole } from "@/lib/auth/roles";
import { tokenRefusalReason } from "@/lib/auth/api-tokens/access";
import { getApiTokenViewer } from "@/lib/auth/api-tokens/authenticate";
import { bearerApiToken } from "@/lib/auth/api-tokens/secret";
import { getViewer, type Viewer } from "@/lib/auth/session";
import type { ApiEnv } from "@/lib/http/context";
import { ForbiddenError, UnauthorizedError } from "@/lib/http/errors";

/**
 * Who may call a route. Every route declares one scope:
 * - `tenant`: the active tenant's data, for its members (admins always pass);
 * - `platform`: the ops control plane, for holders of a platform role (platform admins always
 *   pass); a tenant role never opens it;
 * - `account`: the signed-in user's own session (who am I, switch tenant, step-up), for anyone
 *   signed in, with or without a tenant or a platform role.
 */
export type RouteAccess =
  | { scope: "tenant"; roles: readonly TenantRole[] | "any" }
  | { scope: "platform"; roles: readonly PlatformRole[] | "any" }
  | { scope: "account" };

function describeRoles(roles: readonly string[] | "any", scope: string): string {
  return roles === "any" ? `any ${scope} role` : `one of the ${scope} roles: ${[...roles, "admin"].filter((role, i, all) => all.indexOf(role) === i).join(", ")}`;
}

/** The reason a viewer may not call a route with this access, or null when they may. */
export function refusalReason(viewer: Viewer, access: RouteAccess): string | null {
  if (access.scope === "account") return null;
  if (access.scope === "platform") {
    return hasPlatformRole(viewer.platformRole, access.roles) ? null : `requires ${describeRoles(access.roles, "platform")}`;
  }
  if (!viewer.active) return "your account belongs to no tenant";
  return hasTenantRole(viewer.active.role, access.roles) ? null : `requires ${describeRoles(access.roles, "tenant")}`;
}

/**
 * The one server-side guard for API routes: 401 without a session, 403 outside the route's scope
 * or roles. An `Authorization: Bearer agt_…` API token stands in for the session cookie; it also
 * has to pass what its own scope allows (lib/auth/api-tokens/access.ts).
 */
export function requireViewer(access: RouteAccess): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = bearerApiToken(c.req.header("authorization"));
    const viewer = token ? await getApiTokenViewer(token) : await getViewer(c.req.raw.headers);
    if (!viewer) throw new UnauthorizedError(token ? "the API token is unknown, expired or revoked" : "sign in first");
    // Set before the role check: the error handler records who was refused, and in which scope (lib/audit).
    c.set("viewer", viewer);
    c.set("accessScope", access.scope);
    const reason = (viewer.apiToken && tokenRefusalReason(viewer, viewer.apiToken, access, c.req.method)) || refusalReason(viewer, access);
    if (reason) throw new ForbiddenError(reason);
    return next();
  };
}
