"use client";

import { useDeferredValue, useMemo } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { formatTime } from "@/components/ops/format";
import { Panel } from "@/components/ops/panel";
import { TIME_RANGES, type TimeRange } from "@/lib/ops/schemas";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { useAutoscalingHistory } from "./queries";
import { buildSimulationView } from "./simulation-view";

type Limits = { minReplicas: number; maxReplicas: number };

const formatReplicas = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)} inst.`;

/** Actual instances against what the policy would have run, replayed over the page's time range. */
export function SimulatorPanel({ policy, isDraft, limits, range }: { policy: HpaPolicy; isDraft: boolean; limits: Limits; range: TimeRange }) {
  const history = useAutoscalingHistory(range);
  // Typing in the editor re-simulates; let React keep the keystrokes responsive first.
  const deferredPolicy = useDeferredValue(policy);
  const view = useMemo(() => (history.data ? buildSimulationView(history.data, deferredPolicy, limits) : null), [history.data, deferredPolicy, limits]);
  const toMs = history.data ? Date.parse(history.data.to) : 0;
  const fromMs = toMs - TIME_RANGES[range] * 1000;
  const subtitle = `${isDraft ? "unsaved draft" : "saved policy"}, min/max clamped to this machine's ${limits.minReplicas}–${limits.maxReplicas}, one HPA decision per ${history.data?.stepSeconds ?? 15} s`;
  return (
    <Panel
      title="Simulator: actual vs recommended instances"
      subtitle={subtitle}
      isLoading={history.isLoading}
      error={history.error?.message ?? null}
      isEmpty={!view || view.recommended.length === 0}
      emptyText="No CPU and memory samples in this range yet. The control loop records one every sampling interval; wait a minute or widen the range."
      onRetry={() => void history.refetch()}
      minHeight={330}
    >
      {view ? (
        <div data-testid="simulator" className="space-y-2">
          <TimeSeriesChart
            series={[
              { key: "actual", label: "actual instances", points: view.actual },
              { key: "recommended", label: isDraft ? "recommended (draft)" : "recommended (saved policy)", points: view.recommended },
            ]}
            format={formatReplicas}
            formatTime={formatTime}
            fromMs={fromMs}
            toMs={toMs}
            threshold={{ value: Math.min(policy.maxReplicas, limits.maxReplicas), label: `max ${Math.min(policy.maxReplicas, limits.maxReplicas)}` }}
            minYMax={2}
          />
          <p className="text-xs text-muted" data-testid="simulation-summary">
            Peak {view.peakRecommended ?? "—"} · {view.scaleUps} scale-ups, {view.scaleDowns} scale-downs · instance-minutes: actual {view.actualInstanceMinutes}, recommended {view.recommendedInstanceMinutes}
            {view.lastReason ? ` · last step: ${view.lastReason}` : ""}
          </p>
        </div>
      ) : null}
    </Panel>
  );
}
