import type { Metadata } from "next";
import { FeaturePage } from "@/components/shell/feature-page";
import { ExecutionTimeline } from "@/components/workflows/execution-timeline";

export const metadata: Metadata = { title: "Execution" };

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <FeaturePage href="/app/workflows">
      <ExecutionTimeline id={id} />
    </FeaturePage>
  );
}
