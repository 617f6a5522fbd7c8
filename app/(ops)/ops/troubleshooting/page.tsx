import type { Metadata } from "next";
import { Suspense } from "react";
import { TroubleshootingView } from "@/components/diagnostics/troubleshooting-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Troubleshooting" };

export default async function TroubleshootingPage() {
  // The ops layout has already required a platform role; this reads which one.
  const viewer = await requirePlatformPageViewer();
  return (
    <Suspense>
      <TroubleshootingView role={viewer.platformRole} />
    </Suspense>
  );
}
