import { cacheKeys, cacheTags, invalidateKey, invalidateTag } from "@/lib/cache";
import { ALL_CATEGORIES } from "./listing-key";

/**
 * What one template write makes stale, and nothing more: the template's own entry, the pages of
 * each category it was or now is in (a move touches two), and the all-categories pages. Other
 * categories' pages stay cached.
 */
export function templateChangeTargets(tenantId: string, templateId: string, categorySlugs: readonly string[]): { key: string; tags: string[] } {
  const slugs = [...new Set([...categorySlugs, ALL_CATEGORIES])];
  return { key: cacheKeys.template(tenantId, templateId), tags: slugs.map((slug) => cacheTags.templateCategory(tenantId, slug)) };
}

/** Runs after the write commits, so a reader refilling the cache sees the new rows. */
export async function invalidateTemplateChange(tenantId: string, templateId: string, categorySlugs: readonly string[]): Promise<void> {
  const { key, tags } = templateChangeTargets(tenantId, templateId, categorySlugs);
  await Promise.all([invalidateKey(key), ...tags.map((tag) => invalidateTag(tag))]);
}
