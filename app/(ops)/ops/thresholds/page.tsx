import type { Metadata } from "next";
import { Suspense } from "react";
import { ThresholdsView } from "@/components/scaling/thresholds-view";

export const metadata: Metadata = { title: "Thresholds" };

export default function ThresholdsPage() {
  return (
    <Suspense>
      <ThresholdsView />
    </Suspense>
  );
}
