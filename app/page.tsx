import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/session";

/** The home of each kind of user: customers land in their agency, operators without a tenant in the control plane. */
export default async function Home() {
  const viewer = await getViewer(await headers());
  if (!viewer) redirect("/sign-in");
  redirect(!viewer.active && viewer.platformRole ? "/ops" : "/app");
}
