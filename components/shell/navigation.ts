import type { Role } from "@/lib/auth/roles";
import { OPS_ROLES } from "@/lib/auth/roles";

export type NavItem = {
  href: string;
  label: string;
  /** What the page will hold, shown on its placeholder until it is built. */
  planned?: string[];
};

export type NavSection = { title: string; roles: readonly Role[] | "any"; items: NavItem[] };

export const NAV_SECTIONS: NavSection[] = [
  {
    title: "Agency",
    roles: "any",
    items: [
      { href: "/app", label: "Dashboard", planned: ["Active modules and templates in use", "Workflow runs in the last 24 h and 7 d, success rate and p95 duration", "Active users over 5 m, 1 h and 24 h"] },
      { href: "/app/templates", label: "Templates", planned: ["Gallery with category tabs, ordered by popularity", "Name search and infinite scroll"] },
      { href: "/app/marketplace", label: "Marketplace", planned: ["Items filtered by category, price, rating and text", "Filters kept in the URL"] },
      { href: "/app/modules", label: "Modules", planned: ["Module registry with versions and dependencies", "Batch activation with the resolved activation order"] },
      { href: "/app/workflows", label: "Workflows", planned: ["Workflow definitions and their steps", "Executions, newest first, with per-step status"] },
    ],
  },
  {
    title: "Control plane",
    roles: OPS_ROLES,
    items: [
      { href: "/ops", label: "Overview" },
      { href: "/ops/database", label: "Database" },
      { href: "/ops/cache", label: "Cache" },
      { href: "/ops/queue", label: "Queue", planned: ["Workflow queue depth, oldest waiting job, running vs limit", "Dead-lettered executions to retry"] },
      { href: "/ops/thresholds", label: "Thresholds" },
      { href: "/ops/autoscaling", label: "Autoscaling" },
      { href: "/ops/emergency", label: "Emergency", planned: ["Scale-up, circuit breaker, cache warming, replica promotion", "Preview, confirmation and audit for each"] },
      { href: "/ops/troubleshooting", label: "Troubleshooting" },
      { href: "/ops/checklists", label: "Checklists", planned: ["Deployment scaling checklists", "Manager sign-off with a tamper-evident audit trail"] },
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
