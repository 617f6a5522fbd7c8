import type { PrismaClient } from "@/generated/prisma/client";

export type TenantModuleRow = { id: string; moduleId: string; status: "pending" | "active" | "failed" | "inactive"; activatedAt: Date; updatedAt: Date };

/**
 * Activates many modules for a tenant in one statement (one round trip): an upsert over
 * `unnest`, returning every row. All-or-nothing: when any id is not in the catalog, nothing is
 * written and no row comes back. Activating an active module again only touches `updatedAt`.
 */
export async function upsertTenantModules(client: PrismaClient, tenantId: string, moduleIds: string[], status: TenantModuleRow["status"]): Promise<TenantModuleRow[]> {
  return client.$queryRaw<TenantModuleRow[]>`
    with requested as (select distinct unnest(${moduleIds}::uuid[]) as module_id),
         known as (select r.module_id from requested r join module m on m.id = r.module_id)
    insert into tenant_module (id, "tenantId", "moduleId", status, "activatedAt", "updatedAt")
    select gen_random_uuid(), ${tenantId}::uuid, k.module_id, ${status}::"ModuleActivationStatus", now(), now()
    from known k
    where (select count(*) from known) = (select count(*) from requested)
    on conflict ("tenantId", "moduleId") do update set status = excluded.status, "updatedAt" = now()
    returning id, "moduleId", status, "activatedAt", "updatedAt"`;
}

export async function findUnknownModuleIds(client: PrismaClient, moduleIds: string[]): Promise<string[]> {
  const known = await client.module.findMany({ where: { id: { in: moduleIds } }, select: { id: true } });
  const knownIds = new Set(known.map((module) => module.id));
  return moduleIds.filter((id) => !knownIds.has(id));
}
