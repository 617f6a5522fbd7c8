/**
 * Two scopes of trust that never share authority. Pure: safe to import from client components.
 *
 * - Tenant roles are held per customer agency (a membership) and reach only that tenant's data.
 * - Platform roles belong to the user and open the ops control plane, which acts on everyone.
 *
 * A tenant role never opens a platform route, whatever it is called: each request is judged by
 * the scope of the route it calls.
 */
export const TENANT_ROLES = ["member", "admin"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** viewer: read-only ops; sre: operate; manager: sign off and read the audit log; admin: all. */
export const PLATFORM_ROLES = ["viewer", "sre", "manager", "admin"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export type Scope = "tenant" | "platform";

/** An admin of the scope may do everything in it; other roles must be listed. */
export function hasTenantRole(role: TenantRole | null | undefined, allowed: readonly TenantRole[] | "any"): boolean {
  if (!role) return false;
  return allowed === "any" || role === "admin" || allowed.includes(role);
}

/** Any platform role passes "any"; a user without one never does. */
export function hasPlatformRole(role: PlatformRole | null | undefined, allowed: readonly PlatformRole[] | "any"): boolean {
  if (!role) return false;
  return allowed === "any" || role === "admin" || allowed.includes(role);
}

export const PLATFORM_ROLE_LABELS: Record<PlatformRole, string> = {
  viewer: "platform viewer",
  sre: "platform SRE",
  manager: "platform manager",
  admin: "platform admin",
};
