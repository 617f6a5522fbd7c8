"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { featureAreaOfPage, isDegraded, type FeatureArea, type Tier } from "@/lib/emergency/tiers";
import type { BreakerStatusOutput } from "@/lib/emergency/schemas";
import { useBreakerStatus } from "./breaker-status";

export type PageTier = { href: string; label: string; tier: Tier; area: FeatureArea };

function pageOf(pathname: string, pages: readonly PageTier[]): PageTier | undefined {
  // The longest matching href: /app/templates/123 belongs to /app/templates, not /app.
  return [...pages].sort((a, b) => b.href.length - a.href.length).find((page) => pathname === page.href || pathname.startsWith(`${page.href}/`));
}

function untilText(expiresAt: string): string {
  return new Date(expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/**
 * The app frame's banner while the circuit breaker is on: on a switched-off page it says so, on
 * core pages it only notes that the app is limited.
 */
export function DegradedFrame({ pages, initial, children }: { pages: PageTier[]; initial: BreakerStatusOutput; children: ReactNode }) {
  const pathname = usePathname();
  const { data } = useBreakerStatus(initial);
  const status = data ?? initial;
  const page = pageOf(pathname, pages);
  const broken = new Set<string>(status.activations.map((activation) => activation.scope));
  const isPageOff = page ? isDegraded(page.tier, page.area, broken) : isDegraded("standard", featureAreaOfPage(pathname), broken);
  const offLabels = pages.filter((candidate) => isDegraded(candidate.tier, candidate.area, broken)).map((candidate) => candidate.label);
  return (
    <>
      {status.active ? (
        <div role={isPageOff ? "alert" : "status"} data-testid="degraded-banner" className={`mb-4 rounded-lg border px-4 py-3 text-sm ${isPageOff ? "border-danger bg-danger/10" : "border-warn bg-warn/15"}`}>
          <p className="font-semibold">
            {isPageOff ? `${page?.label ?? "This feature"} is temporarily switched off` : "Limited to core features"}
          </p>
          <p className="mt-0.5 text-ink">
            {`To keep the core working under load, ${offLabels.length > 0 ? offLabels.join(", ") : "non-core features"} ${offLabels.length === 1 ? "is" : "are"} paused until ${untilText(status.activations[0]!.expiresAt)} at the latest. `}
            {isPageOff ? "Your data is safe; try again later." : "Everything on this page keeps working."}
          </p>
        </div>
      ) : null}
      {/* The page itself decides what a switched-off feature shows (components/shell/feature-page.tsx). */}
      {children}
    </>
  );
}

/** Which nav items are off right now, for the sidebar's "paused" marks. */
export function useDegradedHrefs(pages: readonly PageTier[]): Set<string> {
  const { data } = useBreakerStatus();
  const broken = new Set<string>((data?.activations ?? []).map((activation) => activation.scope));
  return new Set(pages.filter((page) => isDegraded(page.tier, page.area, broken)).map((page) => page.href));
}
