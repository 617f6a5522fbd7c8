"use client";

import type { ReactNode } from "react";
import { useBreakerStatus } from "@/components/emergency/breaker-status";
import { isDegraded, type FeatureArea, type Tier } from "@/lib/emergency/tiers";

/**
 * A feature page that was served while its feature was on: if the breaker is switched on while
 * it is open, the page stays visible (nothing the viewer was reading disappears) but inert, and
 * the app frame's banner says why. Reloading shows the server's "temporarily limited" page.
 */
export function LiveFeatureGate({ label, tier, area, children }: { label: string; tier: Tier; area: FeatureArea; children: ReactNode }) {
  const { data } = useBreakerStatus();
  const broken = new Set<string>((data?.activations ?? []).map((activation) => activation.scope));
  if (!isDegraded(tier, area, broken)) return children;
  return (
    <div inert aria-label={`${label} (switched off)`} className="pointer-events-none opacity-40" data-testid="degraded-content">
      {children}
    </div>
  );
}
