import type { Metadata } from "next";
import { MembersView } from "@/components/members/members-view";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Members" };

// For the tenant's admins: the API refuses everyone else as well.
export default async function MembersPage() {
  const viewer = await requireTenantPageViewer(["admin"]);
  return <MembersView tenantName={viewer.active.tenantName} currentUserId={viewer.user.id} />;
}
