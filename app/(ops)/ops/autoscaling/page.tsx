import type { Metadata } from "next";
import { Suspense } from "react";
import { AutoscalingView } from "@/components/autoscaling/autoscaling-view";

export const metadata: Metadata = { title: "Autoscaling" };

export default function AutoscalingPage() {
  return (
    <Suspense>
      <AutoscalingView />
    </Suspense>
  );
}
