import type { Metadata } from "next";
import { Suspense } from "react";
import { CacheView } from "@/components/cache-ops/cache-view";
import { requirePlatformPageViewer } from "@/lib/auth/page-guard";

export const metadata: Metadata = { title: "Cache" };

export default async function CachePage() {
  // The ops layout has already required a platform role; this reads which one.
  const viewer = await requirePlatformPageViewer();
  return (
    <Suspense>
      <CacheView role={viewer.platformRole} />
    </Suspense>
  );
}
