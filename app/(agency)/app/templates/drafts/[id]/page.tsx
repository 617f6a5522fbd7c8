import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DraftEditor } from "@/components/catalog/draft-editor";
import { isUuid } from "@/lib/template-drafts/ids";

export const metadata: Metadata = { title: "Draft" };

export default async function DraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return <DraftEditor id={id} />;
}
