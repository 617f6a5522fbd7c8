import type { Metadata } from "next";
import { Suspense } from "react";
import { DeniedHostsView } from "@/components/workflow-egress/denied-hosts-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Egress" };

// Every platform role reads the deny-list; platform admins change it (as the API decides).
export default async function EgressPage() {
  const viewer = await requirePlatformPageViewer();
  return (
    <Suspense>
      <DeniedHostsView canEdit={viewer.platformRole === "admin"} />
    </Suspense>
  );
}
