import { LRUCache } from "lru-cache";
import type { PrismaClient } from "@/generated/prisma/client";
import { loadRegistryModules, readRegistryRevision } from "./repo";
import type { RegistryModule } from "./rules";

export type RegistryReader = <T>(query: (client: PrismaClient) => Promise<T>) => Promise<T>;

type Entry = { module: RegistryModule | null };

export type RegistrySettings = { maxEntries: number; ttlMs: number };

/**
 * The shared module catalog as resolution sees it: an in-process LRU of entries per module key
 * (absent keys cached too, so a typo does not reach the database each time), loaded one
 * dependency level per query. `refresh()` (every few minutes) re-reads the registry's revision
 * and drops everything when a version was published or withdrawn; the TTL bounds staleness if
 * refreshes fail.
 */
export class ModuleRegistry {
  private readonly entries: LRUCache<string, Entry>;
  private revisionValue: string | null = null;

  constructor(
    private readonly read: RegistryReader,
    settings: RegistrySettings,
  ) {
    this.entries = new LRUCache<string, Entry>({ max: settings.maxEntries, ttl: settings.ttlMs });
  }

  /** Part of every resolution cache key: a new revision makes earlier resolutions unreachable. */
  async revision(): Promise<string> {
    this.revisionValue ??= await this.read(readRegistryRevision);
    return this.revisionValue;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries for `keys` and everything their versions require, transitively. */
  async loadClosure(keys: readonly string[]): Promise<Map<string, RegistryModule>> {
    const found = new Map<string, RegistryModule>();
    const seen = new Set<string>();
    let level = [...new Set(keys)];
    while (level.length > 0) {
      level.forEach((key) => seen.add(key));
      const modules = await this.getMany(level);
      const next = new Set<string>();
      for (const module of modules.values()) {
        found.set(module.key, module);
        for (const version of module.versions) {
          for (const requirement of version.requires) {
            const key = requirement.split("@")[0]!.trim();
            if (!seen.has(key)) next.add(key);
          }
        }
      }
      level = [...next];
    }
    return found;
  }

  private async getMany(keys: readonly string[]): Promise<Map<string, RegistryModule>> {
    const result = new Map<string, RegistryModule>();
    const missing: string[] = [];
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) missing.push(key);
      else if (entry.module) result.set(key, entry.module);
    }
    if (missing.length === 0) return result;
    const loaded = await this.read((client) => loadRegistryModules(client, missing));
    const byKey = new Map(loaded.map((module) => [module.key, module]));
    for (const key of missing) {
      const module = byKey.get(key) ?? null;
      this.entries.set(key, { module });
      if (module) result.set(key, module);
    }
    return result;
  }

  /** Re-reads the revision; when it moved, every entry is dropped and reloads on demand. */
  async refresh(): Promise<boolean> {
    const latest = await this.read(readRegistryRevision);
    const hasChanged = this.revisionValue !== null && latest !== this.revisionValue;
    if (hasChanged) this.entries.clear();
    this.revisionValue = latest;
    return hasChanged;
  }

  /** After a write to the registry in this process (seeding, tests): forget everything now. */
  invalidate(): void {
    this.entries.clear();
    this.revisionValue = null;
  }
}
