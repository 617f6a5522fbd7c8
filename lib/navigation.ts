import type { PlatformRole, Scope, TenantRole } from "@/lib/auth/roles";
import { hasPlatformRole, hasTenantRole } from "@/lib/auth/roles";
import type { FeatureArea, Tier } from "@/lib/emergency/tiers";

export type NavItem = {
  href: string;
  label: string;
  /** What the circuit breaker may switch off: `core` pages keep working, the others show it is off. */
  tier: Tier;
  area: FeatureArea;
  /** Only these roles of the section's scope see the item (admins always do); everyone in scope when absent. */
  roles?: readonly string[];
};

/**
 * The agency area is the tenant scope, the control plane the platform scope: a section shows when
 * the viewer holds a role in its scope, exactly as the pages' and the API's guards decide.
 */
export type NavSection = { title: string; scope: Scope | "account"; items: NavItem[] };

export const NAV_SECTIONS: NavSection[] = [
  {
    title: "Agency",
    scope: "tenant",
    items: [
      { href: "/app", label: "Dashboard", tier: "core", area: "dashboard" },
      { href: "/app/templates", label: "Templates", tier: "core", area: "templates" },
      { href: "/app/marketplace", label: "Marketplace", tier: "optional", area: "marketplace" },
      { href: "/app/modules", label: "Modules", tier: "standard", area: "modules" },
      { href: "/app/workflows", label: "Workflows", tier: "standard", area: "workflows" },
      { href: "/app/members", label: "Members", tier: "core", area: "dashboard", roles: ["admin"] satisfies TenantRole[] },
      { href: "/app/audit", label: "Audit log", tier: "core", area: "dashboard", roles: ["admin"] satisfies TenantRole[] },
      { href: "/app/workflows/egress", label: "Workflow egress", tier: "standard", area: "workflows", roles: ["admin"] satisfies TenantRole[] },
    ],
  },
  {
    title: "Control plane",
    scope: "platform",
    items: [
      { href: "/ops", label: "Overview", tier: "core", area: "ops" },
      { href: "/ops/database", label: "Database", tier: "core", area: "ops" },
      { href: "/ops/cache", label: "Cache", tier: "core", area: "ops" },
      { href: "/ops/queue", label: "Queue", tier: "core", area: "ops" },
      { href: "/ops/thresholds", label: "Thresholds", tier: "core", area: "ops" },
      { href: "/ops/alerting", label: "Alerting", tier: "core", area: "ops" },
      { href: "/ops/autoscaling", label: "Autoscaling", tier: "core", area: "ops" },
      { href: "/ops/sizing", label: "Sizing", tier: "core", area: "ops" },
      { href: "/ops/emergency", label: "Emergency", tier: "core", area: "ops" },
      { href: "/ops/troubleshooting", label: "Troubleshooting", tier: "core", area: "ops" },
      { href: "/ops/checklists", label: "Checklists", tier: "core", area: "ops" },
      { href: "/ops/egress", label: "Egress", tier: "core", area: "ops" },
      { href: "/ops/audit", label: "Audit log", tier: "core", area: "ops", roles: ["manager"] satisfies PlatformRole[] },
      { href: "/ops/notifications", label: "Notifications", tier: "core", area: "ops", roles: ["admin"] satisfies PlatformRole[] },
    ],
  },
  {
    // The signed-in user's own settings: shown to everyone signed in, whatever their roles.
    title: "Account",
    scope: "account",
    items: [{ href: "/account/tokens", label: "API tokens", tier: "core", area: "account" }],
  },
];

/** What the viewer's roles open: tenant sections need an active tenant role, platform ones a platform role. */
export type NavRoles = { tenantRole: TenantRole | null; platformRole: PlatformRole | null };

export function visibleSections({ tenantRole, platformRole }: NavRoles): NavSection[] {
  return NAV_SECTIONS.flatMap((section) => {
    if (section.scope === "account") return [section];
    const allowed = (roles: readonly string[] | undefined) =>
      section.scope === "tenant"
        ? hasTenantRole(tenantRole, (roles as TenantRole[] | undefined) ?? "any")
        : hasPlatformRole(platformRole, (roles as PlatformRole[] | undefined) ?? "any");
    if (!allowed(undefined)) return [];
    return [{ ...section, items: section.items.filter((item) => allowed(item.roles)) }];
  });
}

export function findNavItem(href: string): NavItem {
  const item = NAV_SECTIONS.flatMap((section) => section.items).find((candidate) => candidate.href === href);
  if (!item) throw new Error(`no navigation item for ${href}`);
  return item;
}
