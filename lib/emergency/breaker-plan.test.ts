import { describe, expect, test } from "vitest";
import type { NavItem } from "@/lib/navigation";
import type { CatalogRoute } from "@/lib/http/route-catalog";
import { degradedSurface, describeEndpoint } from "./breaker-plan";

const tenant = { access: { scope: "tenant", roles: "any" }, stepUp: false } as const;
const routes: CatalogRoute[] = [
  { method: "GET", path: "/v1/templates", summary: "", tier: "core", area: "templates", ...tenant },
  { method: "POST", path: "/v1/templates", summary: "", tier: "standard", area: "templates", ...tenant },
  { method: "GET", path: "/v1/marketplace/items", summary: "", tier: "optional", area: "marketplace", ...tenant },
  { method: "GET", path: "/v1/ops/signals", summary: "", tier: "core", area: "ops", access: { scope: "platform", roles: "any" }, stepUp: false },
];
const pages: NavItem[] = [
  { href: "/app/templates", label: "Templates", tier: "core", area: "templates" },
  { href: "/app/marketplace", label: "Marketplace", tier: "optional", area: "marketplace" },
];

describe("degradedSurface", () => {
  test("global: every non-core endpoint and page, no core one", () => {
    const surface = degradedSurface(["global"], routes, pages);
    expect(surface.endpoints.map(describeEndpoint)).toEqual(["POST /api/v1/templates (standard, templates)", "GET /api/v1/marketplace/items (optional, marketplace)"]);
    expect(surface.pages.map((page) => page.href)).toEqual(["/app/marketplace"]);
  });

  test("one area: only that area's non-core endpoints and pages", () => {
    const surface = degradedSurface(["templates"], routes, pages);
    expect(surface.endpoints.map((route) => `${route.method} ${route.path}`)).toEqual(["POST /v1/templates"]);
    expect(surface.pages).toEqual([]);
  });

  test("nothing broken: nothing degrades", () => {
    expect(degradedSurface([], routes, pages)).toEqual({ endpoints: [], pages: [] });
  });
});
