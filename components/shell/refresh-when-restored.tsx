"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useBreakerStatus } from "@/components/emergency/breaker-status";
import { isDegraded, type FeatureArea, type Tier } from "@/lib/emergency/tiers";

/** How often to ask the server again while it still serves the notice after the breaker went off. */
const RETRY_MS = 5_000;

/**
 * On the "temporarily limited" page: once the breaker no longer covers this feature, re-render
 * the page on the server so the feature comes back without a manual reload. Another instance may
 * learn of the change a moment later, so it asks again until the feature replaces this notice.
 */
export function RefreshWhenRestored({ tier, area }: { tier: Tier; area: FeatureArea }) {
  const router = useRouter();
  const { data } = useBreakerStatus();
  const restored = data !== undefined && !isDegraded(tier, area, new Set(data.activations.map((activation) => activation.scope)));
  useEffect(() => {
    if (!restored) return;
    router.refresh();
    const timer = setInterval(() => router.refresh(), RETRY_MS);
    return () => clearInterval(timer);
  }, [restored, router]);
  return null;
}
