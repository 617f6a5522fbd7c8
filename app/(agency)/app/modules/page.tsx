import type { Metadata } from "next";
import { ModulesView } from "@/components/modules/modules-view";
import { FeaturePage } from "@/components/shell/feature-page";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";
import { hasTenantRole } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Modules" };

export default async function ModulesPage() {
  // The agency layout has already required a signed-in viewer with a tenant.
  const viewer = await requireTenantPageViewer();
  return (
    <FeaturePage href="/app/modules">
      <ModulesView canManage={hasTenantRole(viewer.active.role, ["admin"])} />
    </FeaturePage>
  );
}
