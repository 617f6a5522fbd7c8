import type { FeatureArea, Tier } from "@/lib/emergency/tiers";
import type { RouteAccess } from "@/lib/http/middleware/require-viewer";
import { processSingleton } from "@/lib/process-singleton";

/**
 * One registered API route as the circuit breaker and the access tests see it: its tier and
 * area, who may call it, and whether it needs a recently entered password.
 */
export type CatalogRoute = { method: string; path: string; summary: string; tier: Tier; area: FeatureArea; access: RouteAccess; stepUp: boolean };

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
