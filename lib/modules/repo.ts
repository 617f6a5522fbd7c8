import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { RegistryModule } from "./rules";

type Client = PrismaClient | Prisma.TransactionClient;

export type ActivationStatus = "pending" | "active" | "failed" | "inactive";

// ---------------------------------------------------------------------------------------------
// Registry (shared catalog)
// ---------------------------------------------------------------------------------------------

const registryModuleSelect = {
  key: true,
  versions: { select: { version: true, requires: true, withdrawn: true } },
} satisfies Prisma.ModuleSelect;

/** The registry entries of `keys` (absent keys are simply missing), versions included. */
export async function loadRegistryModules(client: Client, keys: readonly string[]): Promise<RegistryModule[]> {
  const rows = await client.module.findMany({ where: { key: { in: [...keys] } }, select: registryModuleSelect });
  return rows.map((row) => ({ key: row.key, versions: row.versions.map((version) => ({ version: version.version, requires: version.requires, isWithdrawn: version.withdrawn })) }));
}

/** Changes whenever a version is published, withdrawn or removed. */
export async function readRegistryRevision(client: Client): Promise<string> {
  const [row] = await client.$queryRaw<{ versions: number; latest: Date | null }[]>`
    select count(*)::int as versions, max("updatedAt") as latest from module_version`;
  return `${row?.versions ?? 0}:${row?.latest?.getTime() ?? 0}`;
}

const registryListSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  category: true,
  versions: { select: { version: true, requires: true, withdrawn: true, publishedAt: true } },
} satisfies Prisma.ModuleSelect;

export type RegistryListRow = Prisma.ModuleGetPayload<{ select: typeof registryListSelect }>;

/** One page of the registry by key (keyset after `afterKey`), one row more than `limit`. */
export async function listRegistryModules(client: Client, page: { afterKey: string | null; limit: number; search: string | null }): Promise<RegistryListRow[]> {
  return client.module.findMany({
    where: {
      ...(page.afterKey ? { key: { gt: page.afterKey } } : {}),
      ...(page.search ? { OR: [{ key: { contains: page.search, mode: "insensitive" } }, { name: { contains: page.search, mode: "insensitive" } }] } : {}),
    },
    orderBy: { key: "asc" },
    take: page.limit + 1,
    select: registryListSelect,
  });
}

export async function findModulesByKeys(client: Client, keys: readonly string[]): Promise<{ id: string; key: string }[]> {
  return client.module.findMany({ where: { key: { in: [...keys] } }, select: { id: true, key: true } });
}

// ---------------------------------------------------------------------------------------------
// A tenant's activations
// ---------------------------------------------------------------------------------------------

export type TenantModuleRow = {
  id: string;
  moduleId: string;
  key: string;
  name: string;
  status: ActivationStatus;
  version: string | null;
  dependsOn: string[];
  attempts: number;
  activations: number;
  error: string | null;
  activatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  deactivatedAt: Date | null;
  checkedAt: Date | null;
  updatedAt: Date;
};

const tenantModuleSelect = {
  id: true,
  moduleId: true,
  status: true,
  version: true,
  dependsOn: true,
  attempts: true,
  activations: true,
  error: true,
  activatedAt: true,
  startedAt: true,
  finishedAt: true,
  deactivatedAt: true,
  checkedAt: true,
  updatedAt: true,
  module: { select: { key: true, name: true } },
} satisfies Prisma.TenantModuleSelect;

function toTenantModuleRow(row: Prisma.TenantModuleGetPayload<{ select: typeof tenantModuleSelect }>): TenantModuleRow {
  const { module, ...rest } = row;
  return { ...rest, key: module.key, name: module.name };
}

/** One page of the tenant's activations by module key, one row more than `limit`. */
export async function listTenantModules(client: Client, tenantId: string, page: { afterKey: string | null; limit: number }): Promise<TenantModuleRow[]> {
  const rows = await client.tenantModule.findMany({
    where: { tenantId, ...(page.afterKey ? { module: { key: { gt: page.afterKey } } } : {}) },
    orderBy: { module: { key: "asc" } },
    take: page.limit + 1,
    select: tenantModuleSelect,
  });
  return rows.map(toTenantModuleRow);
}

export type PendingActivation = { moduleId: string; version: string; dependsOn: string[] };
export type UpsertedActivation = { id: string; moduleId: string; status: ActivationStatus; version: string | null };

/**
 * Writes every needed activation in one statement (one round trip): an upsert over `unnest`.
 * New rows and failed or inactive ones become `pending` at the resolved version; rows already
 * pending or active keep their state and version, so asking twice never starts a module twice.
 * All-or-nothing: when any id is not in the catalog, nothing is written and no row comes back.
 */
export async function upsertPendingActivations(client: Client, tenantId: string, activations: readonly PendingActivation[]): Promise<UpsertedActivation[]> {
  const moduleIds = activations.map((activation) => activation.moduleId);
  const versions = activations.map((activation) => activation.version);
  // 2-D arrays must be rectangular, so each dependency list travels as one comma-joined string.
  const dependsOn = activations.map((activation) => activation.dependsOn.join(","));
  return client.$queryRaw<UpsertedActivation[]>`
    with requested as (
           select * from unnest(${moduleIds}::uuid[], ${versions}::text[], ${dependsOn}::text[]) as r(module_id, version, depends_on)),
         known as (select r.* from requested r join module m on m.id = r.module_id)
    insert into tenant_module as t (id, "tenantId", "moduleId", status, version, "dependsOn", "activatedAt", "updatedAt")
    select gen_random_uuid(), ${tenantId}::uuid, k.module_id, 'pending', k.version,
           coalesce(string_to_array(nullif(k.depends_on, ''), ',')::uuid[], '{}'), now(), now()
    from known k
    where (select count(*) from known) = (select count(*) from requested)
    on conflict ("tenantId", "moduleId") do update set
      status = case when t.status in ('pending', 'active') then t.status else 'pending' end,
      version = case when t.status in ('pending', 'active') then t.version else excluded.version end,
      "dependsOn" = case when t.status in ('pending', 'active') then t."dependsOn" else excluded."dependsOn" end,
      "activatedAt" = case when t.status in ('pending', 'active') then t."activatedAt" else now() end,
      "claimedBy" = case when t.status in ('pending', 'active') then t."claimedBy" end,
      "claimedAt" = case when t.status in ('pending', 'active') then t."claimedAt" end,
      "startedAt" = case when t.status in ('pending', 'active') then t."startedAt" end,
      "finishedAt" = case when t.status in ('pending', 'active') then t."finishedAt" end,
      "deactivatedAt" = case when t.status in ('pending', 'active') then t."deactivatedAt" end,
      error = case when t.status in ('pending', 'active') then t.error end,
      attempts = case when t.status in ('pending', 'active') then t.attempts else 0 end,
      "failedChecks" = case when t.status in ('pending', 'active') then t."failedChecks" else 0 end,
      "updatedAt" = now()
    returning t.id, t."moduleId", t.status::text as status, t.version`;
}

// ---------------------------------------------------------------------------------------------
// Hot-plug runner
// ---------------------------------------------------------------------------------------------

export type ClaimedActivation = { id: string; tenantId: string; moduleId: string; key: string; version: string | null };

/**
 * Claims up to `limit` of the tenant's oldest pending activations whose dependencies are all
 * active (never claimed, or the previous claim lapsed), so across processes each one runs in
 * exactly one place.
 */
export async function claimActivations(client: Client, tenantId: string, runnerId: string, leaseMs: number, limit: number): Promise<ClaimedActivation[]> {
  return client.$queryRaw<ClaimedActivation[]>`
    update tenant_module t set "claimedBy" = ${runnerId}, "claimedAt" = clock_timestamp(), "startedAt" = clock_timestamp(), "updatedAt" = now()
    from module m
    where m.id = t."moduleId" and t.id in (
      select c.id from tenant_module c
      where c."tenantId" = ${tenantId}::uuid and c.status = 'pending'
        and (c."claimedAt" is null or c."claimedAt" < now() - ${leaseMs} * interval '1 millisecond')
        and not exists (
          select 1 from unnest(c."dependsOn") d(module_id)
          where not exists (
            select 1 from tenant_module dep
            where dep."tenantId" = c."tenantId" and dep."moduleId" = d.module_id and dep.status = 'active'))
      order by c."activatedAt", c.id
      limit ${limit}
      for update of c skip locked)
    returning t.id, t."tenantId", t."moduleId", m.key, t.version`;
}

/**
 * Fails pending activations that can never start because a dependency failed, was deactivated
 * or is gone; returns how many (a chain fails one level per call).
 */
export async function failBlockedActivations(client: Client, tenantId: string): Promise<number> {
  return client.$executeRaw`
    update tenant_module c set status = 'failed', "finishedAt" = now(), "updatedAt" = now(), "claimedBy" = null, "claimedAt" = null,
      error = 'dependency not available: ' || (
        select string_agg(m.key || ' is ' || coalesce(dep.status::text, 'not activated'), ', ' order by m.key)
        from unnest(c."dependsOn") d(module_id)
        join module m on m.id = d.module_id
        left join tenant_module dep on dep."tenantId" = c."tenantId" and dep."moduleId" = d.module_id
        where dep.status is null or dep.status in ('failed', 'inactive'))
    where c."tenantId" = ${tenantId}::uuid and c.status = 'pending' and c."claimedAt" is null
      and exists (
        select 1 from unnest(c."dependsOn") d(module_id)
        left join tenant_module dep on dep."tenantId" = c."tenantId" and dep."moduleId" = d.module_id
        where dep.status is null or dep.status in ('failed', 'inactive'))`;
}

/** Ends a claimed activation; a row deactivated meanwhile (no longer pending) is left alone. */
export async function finishActivation(
  client: Client,
  activation: { id: string; runnerId: string; attempts: number },
  outcome: { status: "active" } | { status: "failed"; error: string },
): Promise<boolean> {
  const error = outcome.status === "failed" ? outcome.error : null;
  const changed = await client.$executeRaw`
    update tenant_module set status = ${outcome.status}::"ModuleActivationStatus", "finishedAt" = clock_timestamp(), "updatedAt" = now(),
      "claimedBy" = null, "claimedAt" = null, attempts = ${activation.attempts}, error = ${error},
      activations = activations + ${outcome.status === "active" ? 1 : 0},
      "checkedAt" = case when ${outcome.status} = 'active' then now() else "checkedAt" end, "failedChecks" = 0
    where id = ${activation.id}::uuid and status = 'pending' and "claimedBy" = ${activation.runnerId}`;
  return changed === 1;
}

export type ActivationCheckInput = {
  requires: string[];
  isWithdrawn: boolean;
  dependencies: { key: string; version: string | null; status: string }[];
};

const checkSelect = {
  tenantId: true,
  version: true,
  module: { select: { key: true } },
  dependsOn: true,
  moduleId: true,
} satisfies Prisma.TenantModuleSelect;

/** What an activation or health check looks at, for many rows in three queries. */
export async function loadActivationChecks(client: Client, ids: readonly string[]): Promise<Map<string, ActivationCheckInput>> {
  const rows = await client.tenantModule.findMany({ where: { id: { in: [...ids] } }, select: { id: true, ...checkSelect } });
  const versions = await client.moduleVersion.findMany({
    where: { OR: rows.filter((row) => row.version).map((row) => ({ moduleId: row.moduleId, version: row.version! })) },
    select: { moduleId: true, version: true, requires: true, withdrawn: true },
  });
  const dependencyRows = await client.tenantModule.findMany({
    where: { OR: rows.filter((row) => row.dependsOn.length > 0).map((row) => ({ tenantId: row.tenantId, moduleId: { in: row.dependsOn } })) },
    select: { tenantId: true, moduleId: true, status: true, version: true, module: { select: { key: true } } },
  });
  const result = new Map<string, ActivationCheckInput>();
  for (const row of rows) {
    const published = versions.find((version) => version.moduleId === row.moduleId && version.version === row.version);
    result.set(row.id, {
      requires: published?.requires ?? [],
      isWithdrawn: row.version !== null && (!published || published.withdrawn),
      dependencies: dependencyRows
        .filter((dependency) => dependency.tenantId === row.tenantId && row.dependsOn.includes(dependency.moduleId))
        .map((dependency) => ({ key: dependency.module.key, version: dependency.version, status: dependency.status })),
    });
  }
  return result;
}

/** Tenants with pending activations nobody holds (never claimed, or the claim lapsed). */
export async function findTenantsWithWaitingActivations(client: Client, leaseMs: number, limit: number): Promise<string[]> {
  const rows = await client.$queryRaw<{ tenantId: string }[]>`
    select distinct "tenantId" from tenant_module
    where status = 'pending' and ("claimedAt" is null or "claimedAt" < now() - ${leaseMs} * interval '1 millisecond')
    limit ${limit}`;
  return rows.map((row) => row.tenantId);
}

/** Active rows not checked for `intervalMs`, oldest check first. */
export async function findDueHealthChecks(client: Client, intervalMs: number, limit: number): Promise<string[]> {
  const rows = await client.$queryRaw<{ id: string }[]>`
    select id from tenant_module
    where status = 'active' and ("checkedAt" is null or "checkedAt" < now() - ${intervalMs} * interval '1 millisecond')
    order by "checkedAt" nulls first
    limit ${limit}`;
  return rows.map((row) => row.id);
}

/**
 * Records health-check results in one statement: passing rows reset their failure count, failing
 * ones count up and turn `failed` (with the reason) once they pass `maxFailedChecks`.
 */
export async function recordHealthChecks(client: Client, results: readonly { id: string; problem: string | null }[], maxFailedChecks: number): Promise<number> {
  if (results.length === 0) return 0;
  const ids = results.map((result) => result.id);
  const problems = results.map((result) => result.problem ?? "");
  return client.$executeRaw`
    update tenant_module t set "checkedAt" = now(), "updatedAt" = now(),
      "failedChecks" = case when r.problem = '' then 0 else t."failedChecks" + 1 end,
      status = case when r.problem <> '' and t."failedChecks" + 1 > ${maxFailedChecks} then 'failed'::"ModuleActivationStatus" else t.status end,
      error = case when r.problem <> '' and t."failedChecks" + 1 > ${maxFailedChecks} then 'health check: ' || r.problem else t.error end
    from unnest(${ids}::uuid[], ${problems}::text[]) as r(id, problem)
    where t.id = r.id and t.status = 'active'`;
}

// ---------------------------------------------------------------------------------------------
// Deactivation
// ---------------------------------------------------------------------------------------------

export type LockedTenantModule = { id: string; moduleId: string; key: string; status: ActivationStatus; dependsOn: string[] };

/** The tenant's running or starting modules, locked until the transaction ends. */
export async function lockLiveTenantModules(client: Client, tenantId: string): Promise<LockedTenantModule[]> {
  return client.$queryRaw<LockedTenantModule[]>`
    select t.id, t."moduleId", m.key, t.status::text as status, t."dependsOn"
    from tenant_module t join module m on m.id = t."moduleId"
    where t."tenantId" = ${tenantId}::uuid and t.status in ('pending', 'active')
    order by t.id
    for update of t`;
}

export async function markInactive(client: Client, tenantId: string, ids: readonly string[]): Promise<void> {
  await client.tenantModule.updateMany({
    where: { tenantId, id: { in: [...ids] } },
    data: { status: "inactive", deactivatedAt: new Date(), updatedAt: new Date(), claimedBy: null, claimedAt: null },
  });
}

export async function findModuleKeysByIds(client: Client, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await client.module.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, key: true } });
  return new Map(rows.map((row) => [row.id, row.key]));
}

/** The tenant's state of each module it ever activated, by key. */
export async function findTenantModuleStates(client: Client, tenantId: string): Promise<Map<string, { status: ActivationStatus; version: string | null }>> {
  const rows = await client.tenantModule.findMany({ where: { tenantId }, select: { status: true, version: true, module: { select: { key: true } } } });
  return new Map(rows.map((row) => [row.module.key, { status: row.status, version: row.version }]));
}

export async function findTenantModulesByIds(client: Client, tenantId: string, ids: readonly string[]): Promise<TenantModuleRow[]> {
  const rows = await client.tenantModule.findMany({ where: { tenantId, id: { in: [...ids] } }, orderBy: { module: { key: "asc" } }, select: tenantModuleSelect });
  return rows.map(toTenantModuleRow);
}
