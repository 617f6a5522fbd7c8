import type { NavItem } from "@/lib/navigation";
import type { CatalogRoute } from "@/lib/http/route-catalog";
import { isDegraded, type BreakerScope } from "./tiers";

// Pure: which endpoints and pages a breaker activation switches off. The preview and the
// banner use it, so what the operator is promised is what the middleware does.

export type DegradedSurface = { endpoints: CatalogRoute[]; pages: Pick<NavItem, "href" | "label" | "tier" | "area">[] };

export function degradedSurface(scopes: readonly BreakerScope[], routes: readonly CatalogRoute[], pages: readonly NavItem[]): DegradedSurface {
  const broken = new Set<string>(scopes);
  return {
    endpoints: routes.filter((route) => isDegraded(route.tier, route.area, broken)),
    pages: pages.filter((page) => isDegraded(page.tier, page.area, broken)).map(({ href, label, tier, area }) => ({ href, label, tier, area })),
  };
}

/** "GET /v1/workflow-executions (standard, workflows)": one line of the preview per endpoint. */
export function describeEndpoint(route: CatalogRoute): string {
  return `${route.method} /api${route.path} (${route.tier}, ${route.area})`;
}
