"use client";

import { DatabaseZap } from "lucide-react";
import type { DatabaseStatusOutput } from "@/lib/health/database-status-schema";
import { useDatabaseStatus } from "./database-status";

/**
 * Shown to every signed-in user while this instance cannot reach the database primary: pages
 * keep reading from a replica, but any change answers 503 until the primary is back. A failed
 * poll keeps the last known state rather than guessing.
 */
export function ReadOnlyBanner({ initial }: { initial: DatabaseStatusOutput }) {
  const { data } = useDatabaseStatus(initial);
  if ((data ?? initial).primaryReachable) return null;
  return (
    <div role="status" data-testid="read-only-banner" className="flex items-start gap-3 border-b border-warn bg-warn/15 px-4 py-2.5 text-sm sm:px-6">
      <DatabaseZap aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0">
        <p className="font-semibold">Database primary unreachable: read-only</p>
        <p className="mt-0.5 text-ink">You can keep reading. Changes can&apos;t be saved until the primary is back; this notice goes away by itself.</p>
      </div>
    </div>
  );
}
