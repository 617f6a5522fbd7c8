import type { Metadata } from "next";
import { Suspense } from "react";
import { MarketplaceView } from "@/components/catalog/marketplace-view";
import { CardGridSkeleton } from "@/components/catalog/result-states";
import { FeaturePage } from "@/components/shell/feature-page";

export const metadata: Metadata = { title: "Marketplace" };

export default function MarketplacePage() {
  return (
    <FeaturePage href="/app/marketplace">
      <Suspense fallback={<CardGridSkeleton count={9} cardHeightClass="h-64" />}>
        <MarketplaceView />
      </Suspense>
    </FeaturePage>
  );
}
