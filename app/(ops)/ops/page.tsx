import type { Metadata } from "next";
import { Suspense } from "react";
import { OpsOverview } from "@/components/ops/overview";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <Suspense>
      <OpsOverview />
    </Suspense>
  );
}
