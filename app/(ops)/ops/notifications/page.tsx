import type { Metadata } from "next";
import { Suspense } from "react";
import { WebhooksView } from "@/components/notifications/webhooks-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Notifications" };

// Webhooks send platform events out of the building: platform admins only (as the API decides).
export default async function NotificationsPage() {
  await requirePlatformPageViewer(["admin"]);
  return (
    <Suspense>
      <WebhooksView />
    </Suspense>
  );
}
