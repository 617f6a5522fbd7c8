import type { PlatformRole, TenantRole } from "@/lib/auth/roles";

/** Shared by every demo account; printed by `npm start`. Never used outside the demo seed. */
export const DEMO_PASSWORD = "agency-demo-2026";

export const DEMO_TENANTS = [
  { slug: "northwind", name: "Northwind Creative", plan: "scale" },
  { slug: "bluefin", name: "Bluefin Digital", plan: "growth" },
  { slug: "copperleaf", name: "Copperleaf Studio", plan: "starter" },
] as const;

type TenantSlug = (typeof DEMO_TENANTS)[number]["slug"];

export type DemoUser = { email: string; name: string; memberships: Partial<Record<TenantSlug, TenantRole>>; platformRole: PlatformRole | null };

/**
 * One account per platform role (the operators), customers of each tenant role, and people who
 * hold both scopes or work across tenants (the switcher needs them).
 */
export const DEMO_USERS: DemoUser[] = [
  { email: "admin@agency.test", name: "Ada Admin", platformRole: "admin", memberships: { northwind: "admin", bluefin: "admin", copperleaf: "admin" } },
  { email: "sre@agency.test", name: "Sam Reyes", platformRole: "sre", memberships: { northwind: "member" } },
  { email: "manager@agency.test", name: "Morgan Lee", platformRole: "manager", memberships: {} },
  { email: "viewer@agency.test", name: "Vic Moreau", platformRole: "viewer", memberships: {} },
  { email: "member@agency.test", name: "Mia Chen", platformRole: null, memberships: { northwind: "member", copperleaf: "member" } },
  { email: "designer@bluefin.test", name: "Dario Costa", platformRole: null, memberships: { bluefin: "member" } },
  { email: "lead@copperleaf.test", name: "Priya Nair", platformRole: null, memberships: { copperleaf: "admin" } },
];
