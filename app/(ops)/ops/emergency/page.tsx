import type { Metadata } from "next";
import { EmergencyView } from "@/components/emergency/emergency-view";
import { requirePageViewer } from "@/lib/auth/page-guard";
import { OPS_ROLES } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Emergency procedures" };

export default async function EmergencyPage() {
  const viewer = await requirePageViewer("ops", OPS_ROLES);
  return <EmergencyView viewerUserId={viewer.user.id} />;
}
