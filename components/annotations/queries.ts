"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { toApiError } from "@/components/auth/api-error";
import type { ChartAnnotation } from "@/components/charts/chart-annotations";
import { LIVE_REFRESH_MS } from "@/components/ops/queries";
import type { AnnotationsResponse } from "@/lib/annotations/schemas";
import { TIME_RANGES, type TimeRange } from "@/lib/ops/schemas";
import { presenceHeaders } from "@/components/shell/user-presence";

export const annotationKeys = {
  range: (range: TimeRange) => ["ops", "annotations", range] as const,
};

/** The ops timeline's events over the page's range, as chart markers; refreshed with the charts. */
export function useChartAnnotations(range: TimeRange) {
  return useQuery({
    queryKey: annotationKeys.range(range),
    queryFn: async (): Promise<ChartAnnotation[]> => {
      const toMs = Date.now();
      const params = new URLSearchParams({ from: new Date(toMs - TIME_RANGES[range] * 1000).toISOString(), to: new Date(toMs).toISOString() });
      const response = await fetch(`/api/v1/ops/annotations?${params}`, { headers: { accept: "application/json", ...presenceHeaders() } });
      if (!response.ok) throw await toApiError(response);
      const body = (await response.json()) as AnnotationsResponse;
      return body.annotations.map((annotation) => ({
        id: annotation.id,
        atMs: Date.parse(annotation.at),
        title: annotation.title,
        detail: annotation.detail,
        tone: annotation.severity,
      }));
    },
    refetchInterval: LIVE_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
