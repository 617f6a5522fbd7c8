import type { Metadata } from "next";
import { Suspense } from "react";
import { DatabaseView } from "@/components/ops/database-view";

export const metadata: Metadata = { title: "Database" };

export default function DatabasePage() {
  return (
    <Suspense>
      <DatabaseView />
    </Suspense>
  );
}
