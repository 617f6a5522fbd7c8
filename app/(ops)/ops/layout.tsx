import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export default async function OpsLayout({ children }: { children: ReactNode }) {
  const viewer = await requirePlatformPageViewer();
  return <AppFrame viewer={viewer}>{children}</AppFrame>;
}
