import type { Metadata } from "next";
import { headers } from "next/headers";
import { FeaturePage } from "@/components/shell/feature-page";
import { WorkflowsView } from "@/components/workflows/workflows-view";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  // The agency layout has already required a session; this only reads the role (the API enforces it).
  const viewer = await getViewer(await headers());
  return (
    <FeaturePage href="/app/workflows">
      <WorkflowsView role={viewer?.active?.role ?? "member"} />
    </FeaturePage>
  );
}
