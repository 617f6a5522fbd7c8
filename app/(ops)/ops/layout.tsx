import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { requirePageViewer } from "@/lib/auth/page-guard";
import { OPS_ROLES } from "@/lib/auth/roles";

export default async function OpsLayout({ children }: { children: ReactNode }) {
  const viewer = await requirePageViewer("ops", OPS_ROLES);
  return <AppFrame viewer={viewer}>{children}</AppFrame>;
}
