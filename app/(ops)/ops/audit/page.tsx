import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/components/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

// The ops layout requires sre, manager or admin: exactly who may read the audit log.
export default function AuditPage() {
  return (
    <Suspense>
      <AuditView />
    </Suspense>
  );
}
