import type { PrismaClient } from "@/generated/prisma/client";
import { cacheTags, invalidateTag } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { PeriodicTask } from "@/lib/periodic-task";
import { processSingleton } from "@/lib/process-singleton";
import { moduleSettingsFromEnv, type ModuleSettings } from "./config";
import { ModuleRegistry, type RegistryReader } from "./registry";
import { ModuleResolver } from "./resolver";
import { HotPlugRunner, type ActivationHook } from "./runner";

/** Everything the module use cases share in one process: registry, resolver and runner. */
export type ModuleRuntime = {
  settings: ModuleSettings;
  registry: ModuleRegistry;
  resolver: ModuleResolver;
  runner: HotPlugRunner;
  onTenantModulesChanged: (tenantId: string) => void;
};

export function createModuleRuntime(options: {
  primary: PrismaClient;
  read: RegistryReader;
  settings: ModuleSettings;
  hook?: ActivationHook;
  /** After a tenant's modules changed state (activations settled, deactivation committed). */
  onTenantModulesChanged?: (tenantId: string) => void;
}): ModuleRuntime {
  const { settings } = options;
  const onChanged = options.onTenantModulesChanged ?? (() => {});
  const registry = new ModuleRegistry(options.read, { maxEntries: settings.registryCacheSize, ttlMs: settings.registryCacheTtlMs });
  const resolver = new ModuleResolver(registry, { cacheSize: settings.resolutionCacheSize, timeoutMs: settings.resolutionTimeoutMs, maxDepth: settings.maxDependencyDepth });
  const runner = new HotPlugRunner(options.primary, settings, options.hook, onChanged);
  return { settings, registry, resolver, runner, onTenantModulesChanged: onChanged };
}

/** The process's module runtime, on the app's database. */
export function moduleRuntime(): ModuleRuntime {
  return processSingleton("module-runtime", () => {
    const database = db();
    return createModuleRuntime({
      primary: database.primary,
      read: (query) => database.read(query),
      settings: moduleSettingsFromEnv(env()),
      // The dashboard counts active modules; its cached numbers go stale when they change.
      onTenantModulesChanged: (tenantId) => void invalidateTag(cacheTags.dashboard(tenantId)).catch(() => {}),
    });
  });
}

/**
 * Background work of the module runtime on this instance: the registry refresh and the
 * health-check sweep (which also restarts activations a dead process left waiting).
 */
export function startModuleRuntime(): { stop(): void } {
  const runtime = moduleRuntime();
  const refresh = new PeriodicTask("module registry refresh", runtime.settings.registryRefreshMs, () => runtime.registry.refresh());
  const sweep = new PeriodicTask("module health checks", runtime.settings.healthCheckIntervalMs, () => runtime.runner.sweep());
  refresh.start();
  sweep.start();
  return {
    stop() {
      refresh.stop();
      sweep.stop();
    },
  };
}
