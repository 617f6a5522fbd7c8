import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { CardGridSkeleton } from "@/components/catalog/result-states";
import { TemplateGallery } from "@/components/catalog/template-gallery";
import { getViewer } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  // The agency layout has already required a signed-in viewer with a tenant.
  const viewer = await getViewer(await headers());
  return (
    <Suspense fallback={<CardGridSkeleton count={9} cardHeightClass="h-[22rem]" />}>
      <TemplateGallery tenantId={viewer?.active?.tenantId ?? "none"} />
    </Suspense>
  );
}
