import semver from "semver";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { DbAccess } from "@/lib/db/access";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@/lib/http/errors";
import { moduleMetrics } from "./metrics";
import * as repo from "./repo";
import { deactivationOrder, formatRequirement, parseRequirement, type Requirement, type ResolutionFailure, type ResolvedModule } from "./rules";
import { moduleRuntime, type ModuleRuntime } from "./runtime";
import type {
  ActivateModulesInput,
  ActivationResultOutput,
  DeactivationQuery,
  DeactivationResultOutput,
  RegistryModuleOutput,
  RegistryQuery,
  ResolutionOutput,
  ResolutionQuery,
  TenantModuleOutput,
  TenantModulesQuery,
} from "./schemas";
import { TimeoutError } from "./timeout";

type ReadCtx = { tenantId: string; db: DbAccess };
type WriteCtx = ReadCtx & { requestId: string; viewer: { user: { id: string; email: string } } };

const keyCursorSchema = z.tuple([z.string()]);
/** How long a write waits to begin its transaction: as long as a request waits for a pool connection. */
const TRANSACTION_MAX_WAIT_MS = 5_000;

/** A transaction that could not start in time (every connection busy) is a 503 to retry, not a 500. */
function isTransactionStartTimeout(error: unknown): boolean {
  return (error as { code?: unknown }).code === "P2028";
}

function toRegistryModule(row: repo.RegistryListRow): RegistryModuleOutput {
  const versions = [...row.versions].sort((a, b) => semver.rcompare(a.version, b.version));
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    latestVersion: versions.find((version) => !version.withdrawn)?.version ?? null,
    versions: versions.map((version) => ({ version: version.version, requires: version.requires, isWithdrawn: version.withdrawn, publishedAt: version.publishedAt.toISOString() })),
  };
}

/** The shared registry, by key, with every version and what it requires. */
export async function listRegistry(ctx: ReadCtx, query: RegistryQuery): Promise<Page<RegistryModuleOutput>> {
  const afterKey = query.cursor ? decodeCursor(query.cursor, keyCursorSchema)[0] : null;
  const rows = await ctx.db.read((client) => repo.listRegistryModules(client, { afterKey, limit: query.limit, search: query.q || null }));
  return toPage(rows, query.limit, toRegistryModule, (row) => [row.key]);
}

function failureToError(failure: ResolutionFailure): ValidationError {
  return new ValidationError(failure.message, {
    extra: { reason: failure.reason, ...(failure.cycle ? { cycle: failure.cycle } : {}), ...(failure.chain ? { chain: failure.chain } : {}) },
  });
}

type Plan = { requested: string[]; order: ResolvedModule[]; states: Map<string, { status: repo.ActivationStatus; version: string | null }>; isCached: boolean };

async function planActivation(ctx: ReadCtx, requested: Requirement[], runtime: ModuleRuntime, read: DbAccess["read"]): Promise<Plan> {
  const states = await read((client) => repo.findTenantModuleStates(client, ctx.tenantId));
  const installed = new Map([...states].filter(([, state]) => (state.status === "active" || state.status === "pending") && state.version).map(([key, state]) => [key, state.version!]));
  let resolved;
  try {
    resolved = await runtime.resolver.resolve(requested, installed);
  } catch (error) {
    if (error instanceof TimeoutError) {
      moduleMetrics.resolutions.inc({ result: "refused" });
      // Loading the registry (or solving) outlasted the deadline: most likely a slow database.
      throw new UnavailableError(`${error.message}; retry shortly`, 5, { cause: error });
    }
    throw error;
  }
  if (!resolved.result.ok) {
    moduleMetrics.resolutions.inc({ result: "refused" });
    throw failureToError(resolved.result.failure);
  }
  moduleMetrics.resolutions.inc({ result: resolved.isCached ? "cached" : "resolved" });
  return { requested: requested.map(formatRequirement), order: resolved.result.order, states, isCached: resolved.isCached };
}

function toResolutionOutput(plan: Plan): ResolutionOutput {
  return {
    requested: plan.requested,
    isCached: plan.isCached,
    order: plan.order.map((module) => {
      const state = plan.states.get(module.key);
      return { key: module.key, version: module.version, requires: module.requires, level: module.level, status: state?.status ?? null, willActivate: !module.isInstalled };
    }),
  };
}

/** Dry run: what activating `key` would start, in order, and what already runs. */
export async function previewResolution(ctx: ReadCtx, key: string, query: ResolutionQuery, runtime: ModuleRuntime = moduleRuntime()): Promise<ResolutionOutput> {
  return toResolutionOutput(await planActivation(ctx, [{ key, range: query.range ?? "*" }], runtime, ctx.db.read));
}

async function toTenantModuleOutputs(client: DbAccess["primary"], rows: repo.TenantModuleRow[]): Promise<TenantModuleOutput[]> {
  const keys = await repo.findModuleKeysByIds(client, rows.flatMap((row) => row.dependsOn));
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    name: row.name,
    status: row.status,
    version: row.version,
    dependsOn: row.dependsOn.map((id) => keys.get(id) ?? id),
    attempts: row.attempts,
    error: row.error,
    requestedAt: row.activatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** The plan's activations as `pending` (one upsert statement) and its audit entry, in one transaction. */
async function writePendingActivations(ctx: WriteCtx, plan: Plan, activations: repo.PendingActivation[]): Promise<repo.UpsertedActivation[]> {
  try {
    return await ctx.db.primary.$transaction(
      async (tx) => {
        const rows = await repo.upsertPendingActivations(tx, ctx.tenantId, activations);
        if (rows.length !== activations.length) throw new ValidationError("modules left the registry while activating; retry");
        await recordAudit(tx, {
          actorUserId: ctx.viewer.user.id,
          actorEmail: ctx.viewer.user.email,
          tenantId: ctx.tenantId,
          action: "module.activate",
          target: `modules:${plan.requested.join(",")}`.slice(0, 500),
          before: Object.fromEntries(plan.order.map((module) => [module.key, plan.states.get(module.key)?.status ?? null])),
          after: { requested: plan.requested, order: plan.order.map((module) => `${module.key}@${module.version}`) },
          requestId: ctx.requestId,
        });
        return rows;
      },
      { maxWait: TRANSACTION_MAX_WAIT_MS },
    );
  } catch (error) {
    if (isTransactionStartTimeout(error)) throw new UnavailableError("the database is busy: the activation could not start in time; nothing changed, retry shortly", 2, { cause: error });
    throw error;
  }
}

/**
 * Resolves the requested modules and, in one transaction, writes every activation the plan
 * needs as `pending` (one upsert statement) with an audit entry; the hot-plug runner then
 * starts them, dependencies first. Modules already active or starting are left as they are.
 */
export async function activateModules(ctx: WriteCtx, input: ActivateModulesInput, runtime: ModuleRuntime = moduleRuntime()): Promise<ActivationResultOutput> {
  const requested = input.modules.map((text) => parseRequirement(text)!);
  // Read the tenant's state from the primary: the plan decides what to write next.
  const plan = await planActivation(ctx, requested, runtime, (query) => query(ctx.db.primary));
  const modules = await repo.findModulesByKeys(ctx.db.primary, plan.order.map((module) => module.key));
  const idOf = new Map(modules.map((module) => [module.key, module.id]));
  const missing = plan.order.filter((module) => !idOf.has(module.key));
  if (missing.length > 0) throw new ValidationError(`modules left the registry: ${missing.map((module) => module.key).join(", ")}; retry`);

  const activations = plan.order.map((module) => ({ moduleId: idOf.get(module.key)!, version: module.version, dependsOn: module.requires.map((key) => idOf.get(key)!) }));
  const written = await writePendingActivations(ctx, plan, activations);
  const rows = await repo.findTenantModulesByIds(ctx.db.primary, ctx.tenantId, written.map((row) => row.id));
  // Started after the rows are read, so the answer shows the batch as it was accepted.
  runtime.runner.schedule(ctx.tenantId);
  return { ...toResolutionOutput(plan), activations: await toTenantModuleOutputs(ctx.db.primary, rows) };
}

/** The tenant's activations with lifecycle state, timestamps and the last error. */
export async function listTenantModules(ctx: ReadCtx, query: TenantModulesQuery): Promise<Page<TenantModuleOutput>> {
  const afterKey = query.cursor ? decodeCursor(query.cursor, keyCursorSchema)[0] : null;
  return ctx.db.read(async (client) => {
    const rows = await repo.listTenantModules(client, ctx.tenantId, { afterKey, limit: query.limit });
    const page = toPage(rows, query.limit, (row) => row, (row) => [row.key]);
    return { items: await toTenantModuleOutputs(client, page.items), nextCursor: page.nextCursor };
  });
}

/** Everything live that needs `moduleId`, directly or through others. */
function findDependents(moduleId: string, live: readonly repo.LockedTenantModule[]): repo.LockedTenantModule[] {
  const found = new Map<string, repo.LockedTenantModule>();
  const queue = [moduleId];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const row of live) {
      if (row.dependsOn.includes(current) && !found.has(row.moduleId)) {
        found.set(row.moduleId, row);
        queue.push(row.moduleId);
      }
    }
  }
  return [...found.values()];
}

/**
 * Stops a module for the tenant. Refused (409, naming them) while active or starting modules
 * depend on it, unless `cascade`, which stops those dependents first. The whole change is one
 * transaction bounded by the deactivation timeout, audited.
 */
export async function deactivateModule(ctx: WriteCtx, key: string, query: DeactivationQuery, runtime: ModuleRuntime = moduleRuntime()): Promise<DeactivationResultOutput> {
  try {
    const result = await ctx.db.primary.$transaction(
      async (tx) => {
        const live = await repo.lockLiveTenantModules(tx, ctx.tenantId);
        const target = live.find((row) => row.key === key);
        if (!target) throw new NotFoundError(`module ${key} is not active for this tenant`);
        const dependents = findDependents(target.moduleId, live);
        if (dependents.length > 0 && !query.cascade) {
          const names = dependents.map((row) => row.key).sort();
          throw new ConflictError(`${key} is required by ${names.join(", ")}; deactivate ${names.length === 1 ? "it" : "them"} first or pass cascade=true`, {
            extra: { dependents: names },
          });
        }
        const stopping = [target, ...dependents];
        const keyOf = new Map(live.map((row) => [row.moduleId, row.key]));
        const order = deactivationOrder(
          stopping.map((row) => row.key),
          new Map(stopping.map((row) => [row.key, row.dependsOn.map((id) => keyOf.get(id) ?? id)])),
        );
        await repo.markInactive(tx, ctx.tenantId, stopping.map((row) => row.id));
        await recordAudit(tx, {
          actorUserId: ctx.viewer.user.id,
          actorEmail: ctx.viewer.user.email,
          tenantId: ctx.tenantId,
          action: "module.deactivate",
          target: `module:${key}`,
          before: Object.fromEntries(stopping.map((row) => [row.key, row.status])),
          after: { deactivated: order, cascade: query.cascade },
          requestId: ctx.requestId,
        });
        return { deactivated: order };
      },
      { timeout: runtime.settings.deactivationTimeoutMs, maxWait: runtime.settings.deactivationTimeoutMs },
    );
    runtime.onTenantModulesChanged(ctx.tenantId);
    return result;
  } catch (error) {
    if (isTransactionStartTimeout(error)) {
      throw new UnavailableError(`deactivating ${key} did not finish within ${runtime.settings.deactivationTimeoutMs} ms; nothing changed, retry`, 5, { cause: error });
    }
    throw error;
  }
}
