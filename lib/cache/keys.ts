import { stableHash } from "./stable-hash";

/**
 * Every cache key is `agency:<domain>:<tenantId>:<rest>`, built here and nowhere else. Each part
 * is percent-encoded down to [A-Za-z0-9_.~-], so no id or cursor can inject a `:` (shifting the
 * tenant position that previews parse) or a glob character (widening a pattern invalidation).
 */
const ROOT = "agency";
/** Reserved domains for the cache's own bookkeeping; never produced by `cacheKeys`. */
const TAG_DOMAIN = "_tag";
const LOCK_DOMAIN = "_lock";

/** Marketplace filters whose arrays are sequences; every other array filter is a set. */
const MARKETPLACE_ORDERED_FILTER_KEYS = ["sort"] as const;

type Part = string | number;

function encodePart(part: Part): string {
  return String(part).replace(/[^A-Za-z0-9_.~-]/g, (char) =>
    [...Buffer.from(char, "utf8")].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

function buildKey(domain: string, tenantId: string, ...rest: Part[]): string {
  return [ROOT, domain, ...[tenantId, ...rest].map(encodePart)].join(":");
}

export const cacheKeys = {
  template: (tenantId: string, templateId: string) => buildKey("templates", tenantId, templateId),
  /** `page` is a page number or an opaque cursor; null is the first page. */
  templatesByCategory: (tenantId: string, categorySlug: string, page: Part | null) =>
    buildKey("templates", tenantId, "category", categorySlug, "page", page ?? "first"),
  tenantModules: (tenantId: string) => buildKey("modules", tenantId, "active"),
  workflowDefinition: (tenantId: string, workflowId: string) => buildKey("workflows", tenantId, "definition", workflowId),
  /** The same filters give the same key whatever their property order (and set-array order). */
  marketplacePage: (tenantId: string, page: Part, filters: Readonly<Record<string, unknown>>) =>
    buildKey("marketplace", tenantId, "page", page, stableHash(filters, { orderedKeys: MARKETPLACE_ORDERED_FILTER_KEYS })),
  dashboardStats: (tenantId: string) => buildKey("dashboard", tenantId, "stats"),
  /** A user's tenant memberships and platform role; users span tenants, so they live under the "global" tenant part. */
  userAccess: (userId: string) => buildKey("auth", "global", "access", userId),
  /** A marker that changes whenever the user's sessions must be re-verified (sign-out, revocation, role change). */
  userSessions: (userId: string) => buildKey("auth", "global", "sessions", userId),
};

/** Tags group keys that one write makes stale, for `invalidateTag`. */
export const cacheTags = {
  /** Every template entry of the tenant: single templates and category pages. */
  templates: (tenantId: string) => `templates:${encodePart(tenantId)}`,
  /** The pages of one category, e.g. after a template moves between categories. */
  templateCategory: (tenantId: string, categorySlug: string) => `templates:${encodePart(tenantId)}:category:${encodePart(categorySlug)}`,
  modules: (tenantId: string) => `modules:${encodePart(tenantId)}`,
  workflows: (tenantId: string) => `workflows:${encodePart(tenantId)}`,
  marketplace: (tenantId: string) => `marketplace:${encodePart(tenantId)}`,
  dashboard: (tenantId: string) => `dashboard:${encodePart(tenantId)}`,
  userAccess: (userId: string) => `access:${encodePart(userId)}`,
  userSessions: (userId: string) => `sessions:${encodePart(userId)}`,
};

/** SCAN patterns for `invalidatePattern`, built from the same encoding as the keys. */
export const cachePatterns = {
  tenant: (tenantId: string) => `${ROOT}:*:${encodePart(tenantId)}:*`,
  tenantDomain: (domain: string, tenantId: string) => `${ROOT}:${encodePart(domain)}:${encodePart(tenantId)}:*`,
};

export type ParsedCacheKey = { domain: string; tenantId: string };

/** Domain and (still encoded) tenant of a cache entry key; null for anything else. */
export function parseCacheKey(key: string): ParsedCacheKey | null {
  const [root, domain, tenantId] = key.split(":", 3);
  if (root !== ROOT || !domain || !tenantId || domain.startsWith("_")) return null;
  return { domain, tenantId };
}

/** Only keys in our namespace may be touched by pattern invalidation. */
export function isOwnPattern(pattern: string): boolean {
  return pattern.startsWith(`${ROOT}:`) && pattern.length > ROOT.length + 1;
}

/** The Redis set listing the keys that carry `tag`. */
export function tagSetKey(tag: string): string {
  return `${ROOT}:${TAG_DOMAIN}:${tag}`;
}

/** The cross-instance fill lock of `key`. */
export function fillLockKey(key: string): string {
  return `${ROOT}:${LOCK_DOMAIN}:${key}`;
}
