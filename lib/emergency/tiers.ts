// Tiers and feature areas: what the circuit breaker may switch off. Pure, so the navigation
// (client) and the API (server) classify pages and routes with the same rules.

/** `core` keeps working under the circuit breaker; `standard` and `optional` degrade. */
export const TIERS = ["core", "standard", "optional"] as const;
export type Tier = (typeof TIERS)[number];

/** `platform` holds whatever belongs to no product area (health, exports outside /ops). */
export const FEATURE_AREAS = ["dashboard", "templates", "marketplace", "modules", "workflows", "ops", "account", "platform"] as const;
export type FeatureArea = (typeof FEATURE_AREAS)[number];

/** What a breaker activation covers: every feature area, or one. */
export const BREAKER_SCOPES = ["global", ...FEATURE_AREAS] as const;
export type BreakerScope = (typeof BREAKER_SCOPES)[number];

const AREA_BY_SEGMENT: Record<string, FeatureArea> = {
  dashboard: "dashboard",
  templates: "templates",
  "template-categories": "templates",
  marketplace: "marketplace",
  modules: "modules",
  "tenant-modules": "modules",
  workflows: "workflows",
  "workflow-executions": "workflows",
  ops: "ops",
  auth: "account",
  session: "account",
  sessions: "account",
  me: "account",
  tenants: "account",
};

/** The feature area of an API path such as `/v1/templates/{id}` (its first segment after the version). */
export function featureAreaOfApiPath(path: string): FeatureArea {
  const segment = path.replace(/^\/(api\/)?v\d+\//, "").split("/")[0] ?? "";
  return AREA_BY_SEGMENT[segment] ?? "platform";
}

/** The feature area of a page such as `/app/templates/123`. */
export function featureAreaOfPage(pathname: string): FeatureArea {
  if (pathname === "/ops" || pathname.startsWith("/ops/")) return "ops";
  const segment = pathname.replace(/^\/app\/?/, "").split("/")[0] ?? "";
  return segment === "" ? "dashboard" : (AREA_BY_SEGMENT[segment] ?? "dashboard");
}

/** Whether a route or page of this tier and area is switched off while these scopes are broken. */
export function isDegraded(tier: Tier, area: FeatureArea, brokenScopes: ReadonlySet<string>): boolean {
  if (tier === "core") return false;
  return brokenScopes.has("global") || brokenScopes.has(area);
}
