import type { Metadata } from "next";
import { EmergencyView } from "@/components/emergency/emergency-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Emergency procedures" };

export default async function EmergencyPage() {
  const viewer = await requirePlatformPageViewer();
  return <EmergencyView viewerUserId={viewer.user.id} />;
}
