import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { QueueView } from "@/components/queue-ops/queue-view";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Queue" };

export default async function QueuePage() {
  // The ops layout has already required an ops role; this only reads which one.
  const viewer = await getViewer(await headers());
  return (
    <Suspense>
      <QueueView role={viewer?.active?.role ?? "member"} />
    </Suspense>
  );
}
