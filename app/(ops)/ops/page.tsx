import type { Metadata } from "next";
import { Suspense } from "react";
import { OpsOverview } from "@/components/ops/overview";
import { PrivateEgressNotice } from "@/components/workflow-egress/private-egress-notice";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return (
    <>
      {env().WORKFLOW_EGRESS_ALLOW_PRIVATE ? <PrivateEgressNotice withLink /> : null}
      <Suspense>
        <OpsOverview />
      </Suspense>
    </>
  );
}
