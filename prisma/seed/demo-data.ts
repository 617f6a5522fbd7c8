import type { Role } from "@/lib/auth/roles";

/** Shared by every demo account; printed by `npm start`. Never used outside the demo seed. */
export const DEMO_PASSWORD = "agency-demo-2026";

export const DEMO_TENANTS = [
  { slug: "northwind", name: "Northwind Creative", plan: "scale" },
  { slug: "bluefin", name: "Bluefin Digital", plan: "growth" },
  { slug: "copperleaf", name: "Copperleaf Studio", plan: "starter" },
] as const;

type TenantSlug = (typeof DEMO_TENANTS)[number]["slug"];

export type DemoUser = { email: string; name: string; memberships: Partial<Record<TenantSlug, Role>> };

/** One account per role, plus people who work across tenants (the switcher needs them). */
export const DEMO_USERS: DemoUser[] = [
  { email: "admin@agency.test", name: "Ada Admin", memberships: { northwind: "admin", bluefin: "admin", copperleaf: "admin" } },
  { email: "sre@agency.test", name: "Sam Reyes", memberships: { northwind: "sre", bluefin: "sre" } },
  { email: "manager@agency.test", name: "Morgan Lee", memberships: { northwind: "manager" } },
  { email: "member@agency.test", name: "Mia Chen", memberships: { northwind: "member", copperleaf: "member" } },
  { email: "designer@bluefin.test", name: "Dario Costa", memberships: { bluefin: "member" } },
  { email: "lead@copperleaf.test", name: "Priya Nair", memberships: { copperleaf: "manager" } },
];
