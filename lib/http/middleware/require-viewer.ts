import type { MiddlewareHandler } from "hono";
import { hasRole, type Role } from "@/lib/auth/roles";
import { getViewer } from "@/lib/auth/session";
import type { ApiEnv } from "@/lib/http/context";
import { ForbiddenError, UnauthorizedError } from "@/lib/http/errors";

/** Any signed-in user with a tenant, or only the listed roles (admins always pass). */
export type RouteAccess = { roles: readonly Role[] | "any" };

/** The one server-side guard for API routes: 401 without a session, 403 for a wrong role. */
export function requireViewer(access: RouteAccess): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const viewer = await getViewer(c.req.raw.headers);
    if (!viewer) throw new UnauthorizedError("sign in first");
    // Set before the role check: the error handler records who was refused (lib/audit).
    c.set("viewer", viewer);
    if (!viewer.active) throw new ForbiddenError("your account belongs to no tenant");
    if (access.roles !== "any" && !hasRole(viewer.active.role, access.roles)) {
      throw new ForbiddenError(`requires one of the roles: ${access.roles.join(", ")}`);
    }
    return next();
  };
}
