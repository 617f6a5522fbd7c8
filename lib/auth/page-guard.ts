import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { findNavItem, NAV_SECTIONS, type NavItem } from "@/components/shell/navigation";
import { recordRefusedAccess } from "@/lib/audit";
import { hasRole, type Role } from "@/lib/auth/roles";
import { getViewer, type Viewer } from "@/lib/auth/session";
import { featureBreaker, type Degradation, type FeatureBreakerState } from "@/lib/emergency/breaker-state";
import { pageRenders } from "@/lib/metrics/pages";

export type ActiveViewer = Viewer & { active: NonNullable<Viewer["active"]> };

/**
 * The page-side twin of the API guard: no session → sign-in page; signed in without the role
 * (or without any tenant) → 403 page.
 */
export async function requirePageViewer(area: "app" | "ops", roles: readonly Role[] | "any"): Promise<ActiveViewer> {
  const viewer = await getViewer(await headers());
  if (!viewer) redirect(`/sign-in?next=/${area}`);
  const active = viewer.active;
  if (!active || (roles !== "any" && !hasRole(active.role, roles))) {
    const reason = active ? `requires one of the roles: ${roles === "any" ? "any" : roles.join(", ")}` : "your account belongs to no tenant";
    await recordRefusedAccess({ viewer, requestId: randomUUID(), target: `page /${area}`, reason, code: "forbidden" });
    forbidden();
  }
  pageRenders.inc({ area });
  return { ...viewer, active };
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
  const corePages = NAV_SECTIONS.filter((section) => section.roles === "any")
    .flatMap((section) => section.items)
    .filter((item) => item.tier === "core")
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
