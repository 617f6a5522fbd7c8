import { LRUCache } from "lru-cache";

export type L1Entry = { found: boolean; value: unknown; tags: readonly string[] };

export type L1Options = {
  maxEntries: number;
  /** Milliseconds on the cache's clock; lru-cache measures TTLs with it. */
  now: () => number;
  onEvict: () => void;
};

/**
 * The in-process level: a bounded LRU with a TTL per entry, plus an index from tag to keys so a
 * tag invalidation (local, or received from another instance) drops exactly the tagged entries
 * without scanning. Values are stored as loaded, not copied: callers must treat them as read-only.
 */
export class L1Store {
  private readonly entries: LRUCache<string, L1Entry>;
  private readonly keysByTag = new Map<string, Set<string>>();

  constructor(options: L1Options) {
    this.entries = new LRUCache<string, L1Entry>({
      max: options.maxEntries,
      perf: { now: options.now },
      // Read the clock on every check instead of lru-cache's 1 ms cached "now" (timer-driven).
      ttlResolution: 0,
      // Whatever removes an entry (eviction, expiry, overwrite, delete) unlinks its tags.
      dispose: (entry, key, reason) => {
        this.unindex(key, entry.tags);
        if (reason === "evict") options.onEvict();
      },
    });
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): L1Entry | undefined {
    return this.entries.get(key);
  }

  /** The entry without counting it as used (diagnostics look, they don't read). */
  peek(key: string): L1Entry | undefined {
    return this.entries.peek(key);
  }

  set(key: string, entry: L1Entry, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.set(key, entry, { ttl: Math.ceil(ttlMs) });
    for (const tag of entry.tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  deleteTag(tag: string): number {
    const keys = this.keysWithTag(tag);
    for (const key of keys) this.entries.delete(key);
    return keys.length;
  }

  deleteMatching(pattern: RegExp): number {
    const keys = [...this.entries.keys()].filter((key) => pattern.test(key));
    for (const key of keys) this.entries.delete(key);
    return keys.length;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  keysWithTag(tag: string): string[] {
    return [...(this.keysByTag.get(tag) ?? [])];
  }

  clear(): void {
    this.entries.clear();
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTag.delete(tag);
    }
  }
}
