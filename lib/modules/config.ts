import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Module registry, resolution and hot-plug settings; the defaults are the scalability guide's. */
export const moduleEnvShape = {
  /** Registry entries (one per module key) kept in process. */
  MODULE_REGISTRY_CACHE_SIZE: positiveInt(1_000),
  /** An entry older than this is reloaded even if no refresh reached it. */
  MODULE_REGISTRY_CACHE_TTL_SECONDS: positiveInt(600),
  /** How often the registry checks for published or withdrawn versions. */
  MODULE_REGISTRY_REFRESH_SECONDS: positiveInt(300),
  MODULE_RESOLUTION_CACHE_SIZE: positiveInt(500),
  MODULE_RESOLUTION_TIMEOUT_MS: positiveInt(10_000),
  /** Levels of dependencies allowed below a requested module. */
  MODULE_MAX_DEPENDENCY_DEPTH: z.coerce.number().int().min(0).max(100).default(10),
  /** Activations running at once in one process; more wait for a slot, none is refused. */
  MODULE_MAX_CONCURRENT_ACTIVATIONS: positiveInt(50),
  MODULE_ACTIVATION_TIMEOUT_MS: positiveInt(30_000),
  MODULE_DEACTIVATION_TIMEOUT_MS: positiveInt(15_000),
  MODULE_HEALTH_CHECK_INTERVAL_MS: positiveInt(60_000),
  /** Retries after a failed activation attempt (and failed health checks tolerated in a row). */
  MODULE_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
};

export type ModuleSettings = {
  registryCacheSize: number;
  registryCacheTtlMs: number;
  registryRefreshMs: number;
  resolutionCacheSize: number;
  resolutionTimeoutMs: number;
  maxDependencyDepth: number;
  maxConcurrentActivations: number;
  activationTimeoutMs: number;
  deactivationTimeoutMs: number;
  healthCheckIntervalMs: number;
  maxRetries: number;
};

type ModuleEnv = { [K in keyof typeof moduleEnvShape]: z.infer<(typeof moduleEnvShape)[K]> };

export function moduleSettingsFromEnv(source: ModuleEnv): ModuleSettings {
  return {
    registryCacheSize: source.MODULE_REGISTRY_CACHE_SIZE,
    registryCacheTtlMs: source.MODULE_REGISTRY_CACHE_TTL_SECONDS * 1000,
    registryRefreshMs: source.MODULE_REGISTRY_REFRESH_SECONDS * 1000,
    resolutionCacheSize: source.MODULE_RESOLUTION_CACHE_SIZE,
    resolutionTimeoutMs: source.MODULE_RESOLUTION_TIMEOUT_MS,
    maxDependencyDepth: source.MODULE_MAX_DEPENDENCY_DEPTH,
    maxConcurrentActivations: source.MODULE_MAX_CONCURRENT_ACTIVATIONS,
    activationTimeoutMs: source.MODULE_ACTIVATION_TIMEOUT_MS,
    deactivationTimeoutMs: source.MODULE_DEACTIVATION_TIMEOUT_MS,
    healthCheckIntervalMs: source.MODULE_HEALTH_CHECK_INTERVAL_MS,
    maxRetries: source.MODULE_MAX_RETRIES,
  };
}

/** The defaults, for tests and benchmarks that build a module runtime without the environment. */
export const DEFAULT_MODULE_SETTINGS: ModuleSettings = moduleSettingsFromEnv(z.object(moduleEnvShape).parse({}));
