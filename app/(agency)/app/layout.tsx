import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { requirePageViewer } from "@/lib/auth/page-guard";

export default async function AgencyLayout({ children }: { children: ReactNode }) {
  const viewer = await requirePageViewer("app", "any");
  return <AppFrame viewer={viewer}>{children}</AppFrame>;
}
