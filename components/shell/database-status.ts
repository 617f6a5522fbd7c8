"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { DatabaseStatusOutput } from "@/lib/health/database-status-schema";
import { presenceHeaders } from "./user-presence";

export const databaseStatusKeys = { status: () => ["database", "status"] as const };

/** How often every signed-in page re-reads the primary's state: the banner appears or goes within this. */
const DATABASE_STATUS_REFRESH_MS = 5_000;

/** Whether this instance reaches the database primary; `initial` comes from the server render (no flash). */
export function useDatabaseStatus(initial: DatabaseStatusOutput) {
  return useQuery({
    queryKey: databaseStatusKeys.status(),
    queryFn: async () => {
      const response = await fetch("/api/v1/database-status", { headers: { accept: "application/json", ...presenceHeaders() } });
      if (!response.ok) throw await toApiError(response);
      return (await response.json()) as DatabaseStatusOutput;
    },
    initialData: initial,
    refetchInterval: DATABASE_STATUS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
