import type { Metadata } from "next";
import { Suspense } from "react";
import { TroubleshootingView } from "@/components/diagnostics/troubleshooting-view";
import { headers } from "next/headers";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Troubleshooting" };

export default async function TroubleshootingPage() {
  // The ops layout has already required an ops role; this only reads which one.
  const viewer = await getViewer(await headers());
  return (
    <Suspense>
      <TroubleshootingView role={viewer?.active?.role ?? "member"} />
    </Suspense>
  );
}
