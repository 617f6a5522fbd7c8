import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { ChecklistsView } from "@/components/checklists/checklists-view";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Checklists" };

export default async function ChecklistsPage() {
  // The ops layout has already required an ops role; this only reads which one.
  const viewer = await getViewer(await headers());
  return (
    <Suspense>
      <ChecklistsView role={viewer?.active?.role ?? "member"} />
    </Suspense>
  );
}
