import type { Metadata } from "next";
import { FeaturePage } from "@/components/shell/feature-page";
import { WorkflowsView } from "@/components/workflows/workflows-view";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  // The agency layout has already required a tenant; this reads the role held there (the API enforces it).
  const viewer = await requireTenantPageViewer();
  return (
    <FeaturePage href="/app/workflows">
      <WorkflowsView role={viewer.active.role} />
    </FeaturePage>
  );
}
