import type { DbAccess } from "@/lib/db/access";
import { ValidationError } from "@/lib/http/errors";
import { findUnknownModuleIds, upsertTenantModules } from "./repo";
import type { ActivateModulesInput } from "./schemas";

type Ctx = { tenantId: string; db: DbAccess };

/** Activates the given catalog modules for the caller's tenant, all or none. */
export async function activateModules(ctx: Ctx, input: ActivateModulesInput) {
  const moduleIds = [...new Set(input.moduleIds)];
  const rows = await upsertTenantModules(ctx.db.primary, ctx.tenantId, moduleIds, "active");
  if (rows.length < moduleIds.length) {
    const unknown = await findUnknownModuleIds(ctx.db.primary, moduleIds);
    throw new ValidationError(`unknown module ids: ${unknown.join(", ")}`, { extra: { errors: unknown.map((id) => ({ path: "json.moduleIds", message: `no module ${id}` })) } });
  }
  return {
    activations: rows.map((row) => ({ ...row, activatedAt: row.activatedAt.toISOString(), updatedAt: row.updatedAt.toISOString() })),
  };
}
