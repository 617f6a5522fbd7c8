import type { Role } from "@/lib/auth/roles";
import { OPS_ROLES } from "@/lib/auth/roles";
import type { FeatureArea, Tier } from "@/lib/emergency/tiers";

export type NavItem = {
  href: string;
  label: string;
  /** What the circuit breaker may switch off: `core` pages keep working, the others show it is off. */
  tier: Tier;
  area: FeatureArea;
};

export type NavSection = { title: string; roles: readonly Role[] | "any"; items: NavItem[] };

export const NAV_SECTIONS: NavSection[] = [
  {
    title: "Agency",
    roles: "any",
    items: [
      { href: "/app", label: "Dashboard", tier: "core", area: "dashboard" },
      { href: "/app/templates", label: "Templates", tier: "core", area: "templates" },
      { href: "/app/marketplace", label: "Marketplace", tier: "optional", area: "marketplace" },
      { href: "/app/modules", label: "Modules", tier: "standard", area: "modules" },
      { href: "/app/workflows", label: "Workflows", tier: "standard", area: "workflows" },
    ],
  },
  {
    title: "Control plane",
    roles: OPS_ROLES,
    items: [
      { href: "/ops", label: "Overview", tier: "core", area: "ops" },
      { href: "/ops/database", label: "Database", tier: "core", area: "ops" },
      { href: "/ops/cache", label: "Cache", tier: "core", area: "ops" },
      { href: "/ops/queue", label: "Queue", tier: "core", area: "ops" },
      { href: "/ops/thresholds", label: "Thresholds", tier: "core", area: "ops" },
      { href: "/ops/autoscaling", label: "Autoscaling", tier: "core", area: "ops" },
      { href: "/ops/emergency", label: "Emergency", tier: "core", area: "ops" },
      { href: "/ops/troubleshooting", label: "Troubleshooting", tier: "core", area: "ops" },
      { href: "/ops/checklists", label: "Checklists", tier: "core", area: "ops" },
      { href: "/ops/audit", label: "Audit log", tier: "core", area: "ops" },
    ],
  },
];

export function visibleSections(role: Role): NavSection[] {
  return NAV_SECTIONS.filter((section) => section.roles === "any" || role === "admin" || section.roles.includes(role));
}

export function findNavItem(href: string): NavItem {
  const item = NAV_SECTIONS.flatMap((section) => section.items).find((candidate) => candidate.href === href);
  if (!item) throw new Error(`no navigation item for ${href}`);
  return item;
}
