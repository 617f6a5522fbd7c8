import type { Metadata } from "next";
import { ExecutionTimeline } from "@/components/workflows/execution-timeline";

export const metadata: Metadata = { title: "Execution" };

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExecutionTimeline id={id} />;
}
