import type { Metadata } from "next";
import { headers } from "next/headers";
import { ModulesView } from "@/components/modules/modules-view";
import { FeaturePage } from "@/components/shell/feature-page";
import { hasRole } from "@/lib/auth/roles";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Modules" };

export default async function ModulesPage() {
  // The agency layout has already required a signed-in viewer with a tenant.
  const viewer = await getViewer(await headers());
  const role = viewer?.active?.role;
  return (
    <FeaturePage href="/app/modules">
      <ModulesView canManage={role !== undefined && hasRole(role, ["admin"])} />
    </FeaturePage>
  );
}
