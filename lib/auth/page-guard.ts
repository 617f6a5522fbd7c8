import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { recordRefusedAccess } from "@/lib/audit";
import { hasRole, type Role } from "@/lib/auth/roles";
import { getViewer, type Viewer } from "@/lib/auth/session";
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
