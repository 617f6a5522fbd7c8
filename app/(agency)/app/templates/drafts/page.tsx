import type { Metadata } from "next";
import { DraftsList } from "@/components/catalog/drafts-list";

export const metadata: Metadata = { title: "Drafts" };

export default function DraftsPage() {
  return <DraftsList />;
}
