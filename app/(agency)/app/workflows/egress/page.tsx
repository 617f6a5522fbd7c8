import type { Metadata } from "next";
import { FeaturePage } from "@/components/shell/feature-page";
import { AllowedHostsView } from "@/components/workflow-egress/allowed-hosts-view";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Workflow egress" };

// The tenant's admins edit which hosts its workflows may call (the API refuses everyone else's changes).
export default async function WorkflowEgressPage() {
  const viewer = await requireTenantPageViewer(["admin"]);
  return (
    <FeaturePage href="/app/workflows/egress">
      <AllowedHostsView tenantName={viewer.active.tenantName} />
    </FeaturePage>
  );
}
