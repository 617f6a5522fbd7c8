import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ApiTokensView } from "@/components/api-tokens/api-tokens-view";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const viewer = await getViewer(await headers());
  if (!viewer) redirect("/sign-in?next=/account/tokens");
  return <ApiTokensView memberships={viewer.memberships} platformRole={viewer.platformRole} />;
}
