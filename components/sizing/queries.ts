"use client";

import { useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import type { LiveSizingOutput } from "@/lib/sizing/schemas";

export const sizingKeys = { live: () => ["sizing", "live"] as const };

/** Live sizing polls like the other live panels, so its age reads the same way. */
export function useLiveSizing() {
  return useQuery({
    queryKey: sizingKeys.live(),
    queryFn: async () => {
      const response = await fetch("/api/v1/ops/sizing/live", { headers: { accept: "application/json" } });
      if (!response.ok) throw await toApiError(response);
      return (await response.json()) as LiveSizingOutput;
    },
    refetchInterval: LIVE_REFRESH_MS,
  });
}
