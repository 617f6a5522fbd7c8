import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";

export default async function AgencyLayout({ children }: { children: ReactNode }) {
  const viewer = await requireTenantPageViewer();
  return <AppFrame viewer={viewer}>{children}</AppFrame>;
}
