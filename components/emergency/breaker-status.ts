"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { BreakerStatusOutput } from "@/lib/emergency/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";

export const breakerKeys = { status: () => ["circuit-breaker", "status"] as const };

/** How often every page re-reads the breaker; a change shows within this plus the API's 2 s. */
const BREAKER_REFRESH_MS = 5_000;

/** The circuit breaker as this instance enforces it; `initial` comes from the server render (no flash). */
export function useBreakerStatus(initial?: BreakerStatusOutput) {
  return useQuery({
    queryKey: breakerKeys.status(),
    queryFn: async () => {
      const response = await fetch("/api/v1/circuit-breaker", { headers: { accept: "application/json", ...presenceHeaders() } });
      if (!response.ok) throw await toApiError(response);
      return (await response.json()) as BreakerStatusOutput;
    },
    initialData: initial,
    refetchInterval: BREAKER_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
