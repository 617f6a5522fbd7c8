import type { Metadata } from "next";
import { Suspense } from "react";
import { QueueView } from "@/components/queue-ops/queue-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage() {
  // The ops layout has already required a platform role; this reads which one.
  const viewer = await requirePlatformPageViewer();
  return (
    <Suspense>
      <QueueView role={viewer.platformRole} />
    </Suspense>
  );
}
