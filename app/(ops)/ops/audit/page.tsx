import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Audit log" };

// Reading every tenant's audit trail is the platform manager's (and admin's) job.
export default async function AuditPage() {
  await requirePlatformPageViewer(["manager"]);
  return (
    <Suspense>
      <AuditView source={{ scope: "platform" }} />
    </Suspense>
  );
}
