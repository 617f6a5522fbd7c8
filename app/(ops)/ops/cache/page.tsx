import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { CacheView } from "@/components/cache-ops/cache-view";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Cache" };

export default async function CachePage() {
  // The ops layout has already required an ops role; this only reads which one.
  const viewer = await getViewer(await headers());
  return (
    <Suspense>
      <CacheView role={viewer?.active?.role ?? "member"} />
    </Suspense>
  );
}
