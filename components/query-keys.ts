/**
 * The one place React Query keys get their scope. Data of the active tenant lives under
 * `["tenant", tenantId, …]`, so two tenants never share a cache entry, and a tenant switch can drop
 * every entry of the previous tenant at once (see `ActiveTenantScope`). Data shared by all tenants
 * (the control plane, the breaker, the database status) keeps its domain's own prefix.
 */
export const TENANT_SCOPE = "tenant";

/** A key for data of one tenant; `null` when no tenant is active (such requests answer 403). */
export function tenantKey<const Parts extends readonly unknown[]>(tenantId: string | null, ...parts: Parts) {
  return [TENANT_SCOPE, tenantId, ...parts] as const;
}

/** Whether a cached key holds another tenant's data than `activeTenantId`. */
export function isOtherTenantKey(queryKey: readonly unknown[], activeTenantId: string | null): boolean {
  return queryKey[0] === TENANT_SCOPE && queryKey[1] !== activeTenantId;
}
