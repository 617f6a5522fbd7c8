import type { Metadata } from "next";
import { Suspense } from "react";
import { SizingView } from "@/components/sizing/sizing-view";

export const metadata: Metadata = { title: "Sizing" };

export default function SizingPage() {
  return (
    <Suspense>
      <SizingView />
    </Suspense>
  );
}
