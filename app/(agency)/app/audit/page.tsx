import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Audit log" };

// A tenant admin's own trail: the API answers with the session's tenant's entries only.
export default async function TenantAuditPage() {
  const viewer = await requireTenantPageViewer(["admin"]);
  return (
    <Suspense>
      <AuditView source={{ scope: "tenant", tenantId: viewer.active.tenantId }} tenantName={viewer.active.tenantName} />
    </Suspense>
  );
}
