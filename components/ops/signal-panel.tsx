"use client";

import type { ChartAnnotation } from "@/components/charts/chart-annotations";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { TIME_RANGES, type SignalsResponse, type TimeRange } from "@/lib/ops/schemas";
import { formatTime, formatValue } from "./format";
import { Panel } from "./panel";

type Signal = SignalsResponse["signals"][number];

const MIN_Y_MAX: Record<Signal["unit"], number> = { ratio: 0.05, seconds: 0.05, bytes: 1024, "req/s": 1, "per-s": 1, count: 1 };

/** One or more signals on one chart, with the first signal's threshold drawn. */
export function SignalPanel({
  title,
  signals,
  data,
  isLoading,
  error,
  onRetry,
  annotations,
}: {
  title: string;
  signals: string[];
  data: SignalsResponse | undefined;
  isLoading: boolean;
  error: string | null;
  onRetry: () => void;
  /** Procedure runs, alerts and scaling changes to mark on the chart. */
  annotations?: ChartAnnotation[];
}) {
  const selected = signals.map((key) => data?.signals.find((signal) => signal.key === key)).filter((signal): signal is Signal => signal !== undefined);
  const unit = selected[0]?.unit ?? "count";
  const series = selected.flatMap((signal) =>
    signal.series.map((entry) => ({ key: entry.series, label: selected.length > 1 || signal.series.length === 1 ? entry.series.replace(/_/g, " ") : entry.series.split(":")[1] ?? entry.series, points: entry.points })),
  );
  const threshold = selected[0]?.threshold;
  // The window ends when the server answered, so the chart and the data agree on "now".
  const toMs = data ? Date.parse(data.generatedAt) : 0;
  const fromMs = data ? toMs - TIME_RANGES[data.range as TimeRange] * 1000 : 0;
  return (
    <Panel
      title={title}
      subtitle={threshold ? threshold.source : undefined}
      isLoading={isLoading && !data}
      error={error}
      isEmpty={series.every((entry) => entry.points.length === 0)}
      emptyText="No samples in this range yet. The control loop records one every 15 s; send some traffic or widen the range."
      onRetry={onRetry}
    >
      <TimeSeriesChart
        series={series}
        format={(value) => formatValue(unit, value)}
        formatTime={formatTime}
        fromMs={fromMs}
        toMs={toMs}
        threshold={threshold ? { value: threshold.value, label: `threshold ${formatValue(unit, threshold.value)}` } : undefined}
        minYMax={MIN_Y_MAX[unit]}
        annotations={annotations}
      />
    </Panel>
  );
}
