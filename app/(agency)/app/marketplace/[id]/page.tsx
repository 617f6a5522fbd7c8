import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MarketplaceDetail } from "@/components/catalog/marketplace-detail";
import { FeaturePage } from "@/components/shell/feature-page";
import { requireTenantPageViewer } from "@/lib/auth/page-guard";
import { hasTenantRole } from "@/lib/auth/roles";
import { isUuid } from "@/lib/template-drafts/ids";

export const metadata: Metadata = { title: "Marketplace item" };

export default async function MarketplaceItemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  // The agency layout has already required a signed-in viewer with a tenant.
  const viewer = await requireTenantPageViewer();
  return (
    <FeaturePage href="/app/marketplace">
      <MarketplaceDetail id={id} canInstallPaid={hasTenantRole(viewer.active.role, ["admin"])} />
    </FeaturePage>
  );
}
