import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { findNavItem, NAV_SECTIONS, type NavItem } from "@/lib/navigation";
import { recordRefusedAccess } from "@/lib/audit";
import { hasPlatformRole, hasTenantRole, type PlatformRole, type TenantRole } from "@/lib/auth/roles";
import { getViewer, type Viewer } from "@/lib/auth/session";
import { featureBreaker, type Degradation, type FeatureBreakerState } from "@/lib/emergency/breaker-state";
import { pageRenders } from "@/lib/metrics/pages";

export type ActiveViewer = Viewer & { active: NonNullable<Viewer["active"]> };
export type PlatformViewer = Viewer & { platformRole: PlatformRole };

async function refuse(viewer: Viewer, area: "app" | "ops", reason: string): Promise<never> {
  await recordRefusedAccess({ viewer, requestId: randomUUID(), target: `page /${area}`, reason, code: "forbidden", scope: area === "ops" ? "platform" : "tenant" });
  forbidden();
}

/**
 * The page-side twin of the API guard for the agency area (tenant scope): no session → sign-in
 * page; signed in without a tenant, or without the tenant role → 403 page.
 */
export async function requireTenantPageViewer(roles: readonly TenantRole[] | "any" = "any"): Promise<ActiveViewer> {
  const viewer = await getViewer(await headers());
  if (!viewer) redirect("/sign-in?next=/app");
  const active = viewer.active;
  if (!active) return refuse(viewer, "app", "your account belongs to no tenant");
  if (!hasTenantRole(active.role, roles)) return refuse(viewer, "app", `requires one of the tenant roles: ${roles === "any" ? "any" : roles.join(", ")}`);
  pageRenders.inc({ area: "app" });
  return { ...viewer, active };
}

/**
 * The page-side twin of the API guard for the control plane (platform scope): a tenant role,
 * whatever it is called, never opens it.
 */
export async function requirePlatformPageViewer(roles: readonly PlatformRole[] | "any" = "any"): Promise<PlatformViewer> {
  const viewer = await getViewer(await headers());
  if (!viewer) redirect("/sign-in?next=/ops");
  const platformRole = viewer.platformRole;
  if (!hasPlatformRole(platformRole, roles)) {
    return refuse(viewer, "ops", roles === "any" ? "requires a platform role" : `requires one of the platform roles: ${roles.join(", ")}`);
  }
  pageRenders.inc({ area: "ops" });
  return { ...viewer, platformRole: platformRole! };
}

/** Why a feature page is not served right now, and where the viewer can go instead. */
export type FeaturePageLimit = {
  page: Pick<NavItem, "href" | "label" | "tier" | "area">;
  degradation: Degradation;
  /** Pages every signed-in user may open that keep working under the breaker. */
  corePages: Pick<NavItem, "href" | "label">[];
};

/**
 * The circuit breaker's verdict for the navigation page at `href`, from the breaker state this
 * instance holds in memory (the same state the API middleware answers 503 from): null while the
 * page serves normally. Pure given the state, so it is tested without a running app.
 */
export function featurePageLimitFrom(href: string, breaker: Pick<FeatureBreakerState, "degradation">): FeaturePageLimit | null {
  const { label, tier, area } = findNavItem(href);
  const degradation = breaker.degradation(tier, area);
  if (!degradation) return null;
  const corePages = NAV_SECTIONS.filter((section) => section.scope === "tenant")
    .flatMap((section) => section.items)
    .filter((item) => item.tier === "core" && !item.roles)
    .map((item) => ({ href: item.href, label: item.label }));
  return { page: { href, label, tier, area }, degradation, corePages };
}

/**
 * The server-side half of the circuit breaker for pages: every non-core page asks this before it
 * renders its feature (through components/shell/feature-page.tsx). Rendering per request matters,
 * so the answer reflects the breaker now and not at build time.
 */
export async function featurePageLimit(href: string): Promise<FeaturePageLimit | null> {
  await connection();
  return featurePageLimitFrom(href, featureBreaker());
}
