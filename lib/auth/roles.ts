/** Roles a user holds in one tenant. Pure: safe to import from client components. */
export const ROLES = ["member", "sre", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who may open the ops control plane. */
export const OPS_ROLES: readonly Role[] = ["sre", "manager", "admin"];

/** An admin may do everything; other roles must be listed. */
export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return role === "admin" || allowed.includes(role);
}

export function canOpenOps(role: Role): boolean {
  return hasRole(role, OPS_ROLES);
}
