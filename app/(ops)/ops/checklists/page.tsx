import type { Metadata } from "next";
import { Suspense } from "react";
import { ChecklistsView } from "@/components/checklists/checklists-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Checklists" };

export default async function ChecklistsPage() {
  // The ops layout has already required a platform role; this reads which one.
  const viewer = await requirePlatformPageViewer();
  return (
    <Suspense>
      <ChecklistsView role={viewer.platformRole} />
    </Suspense>
  );
}
