import type { FeatureArea, Tier } from "@/lib/emergency/tiers";
import { processSingleton } from "@/lib/process-singleton";

/** One registered API route as the circuit breaker sees it. */
export type CatalogRoute = { method: string; path: string; summary: string; tier: Tier; area: FeatureArea };

function catalog(): Map<string, CatalogRoute> {
  return processSingleton("api-route-catalog", () => new Map<string, CatalogRoute>());
}

/** Called by defineRoute for every route it registers; re-registration (another app) overwrites. */
export function addCatalogRoute(route: CatalogRoute): void {
  catalog().set(`${route.method} ${route.path}`, route);
}

/** Every route registered in this process, sorted by path then method. */
export function catalogRoutes(): CatalogRoute[] {
  return [...catalog().values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
