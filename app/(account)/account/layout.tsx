import type { ReactNode } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppFrame } from "@/components/shell/app-frame";
import { getViewer } from "@/lib/auth/session";

/** The signed-in user's own settings: any signed-in user, with or without a tenant or platform role. */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer(await headers());
  if (!viewer) redirect("/sign-in?next=/account/tokens");
  return <AppFrame viewer={viewer}>{children}</AppFrame>;
}
