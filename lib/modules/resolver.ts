import { LRUCache } from "lru-cache";
import type { ModuleRegistry } from "./registry";
import { formatRequirement, resolveModules, type Requirement, type ResolutionResult } from "./rules";
import { runWithTimeout } from "./timeout";

export type ResolverSettings = { cacheSize: number; timeoutMs: number; maxDepth: number };

export type Resolved = { result: ResolutionResult; isCached: boolean };

/**
 * Resolution with a bounded cache keyed by registry revision + request (+ the versions the
 * tenant already runs among the modules involved), and a deadline over loading and solving.
 */
export class ModuleResolver {
  private readonly cache: LRUCache<string, ResolutionResult>;

  constructor(
    private readonly registry: ModuleRegistry,
    private readonly settings: ResolverSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new LRUCache({ max: settings.cacheSize });
  }

  get size(): number {
    return this.cache.size;
  }

  async resolve(requested: readonly Requirement[], installed: ReadonlyMap<string, string> = new Map()): Promise<Resolved> {
    const deadline = this.now() + this.settings.timeoutMs;
    return runWithTimeout("dependency resolution", this.settings.timeoutMs, async () => {
      const [revision, closure] = await Promise.all([this.registry.revision(), this.registry.loadClosure(requested.map((requirement) => requirement.key))]);
      const relevantInstalled = new Map([...installed].filter(([key]) => closure.has(key)));
      const cacheKey = JSON.stringify([
        revision,
        requested.map(formatRequirement).sort(),
        [...relevantInstalled].sort(([a], [b]) => a.localeCompare(b)),
      ]);
      const cached = this.cache.get(cacheKey);
      if (cached) return { result: cached, isCached: true };
      const result = resolveModules([...requested], (key) => closure.get(key), {
        maxDepth: this.settings.maxDepth,
        installed: relevantInstalled,
        isPastDeadline: () => this.now() > deadline,
      });
      // A timeout says nothing about the request itself; everything else is a stable answer.
      if (result.ok || result.failure.reason !== "timeout") this.cache.set(cacheKey, result);
      return { result, isCached: false };
    });
  }

  clear(): void {
    this.cache.clear();
  }
}
