"use client";

import { useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ANNOTATION_COLOURS, AnnotationMarker, AnnotationTooltip, groupAnnotations, type AnnotationGroup, type ChartAnnotation } from "./chart-annotations";

export type ChartSeries = { key: string; label: string; points: [number, number][] };

const SERIES_COLOURS = ["var(--color-series-1)", "var(--color-series-2)", "var(--color-series-3)", "var(--color-series-4)", "var(--color-series-5)"];

type Props = {
  series: ChartSeries[];
  /** Formats values on the axis and in the tooltip, with their unit. */
  format: (value: number) => string;
  formatTime: (ms: number) => string;
  fromMs: number;
  toMs: number;
  threshold?: { value: number; label: string };
  /** The y axis reaches at least this far, so a flat zero line sits at the bottom, not the middle. */
  minYMax: number;
  height?: number;
  /** Events drawn as vertical markers with a tooltip (those outside the range are left out). */
  annotations?: ChartAnnotation[];
};

/** Merges series on their timestamps into the rows recharts wants. */
function toRows(series: ChartSeries[]): Record<string, number>[] {
  const rows = new Map<number, Record<string, number>>();
  for (const entry of series) {
    for (const [t, value] of entry.points) {
      const row = rows.get(t) ?? { t };
      row[entry.key] = value;
      rows.set(t, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.t! - b.t!);
}

/** A fixed-height line chart over the page's time range, with the threshold drawn when there is one. */
export function TimeSeriesChart({ series, format, formatTime, fromMs, toMs, threshold, minYMax, height = 220, annotations = [] }: Props) {
  const rows = toRows(series);
  const [shown, setShown] = useState<{ group: AnnotationGroup; x: number; chartWidth: number } | null>(null);
  const container = useRef<HTMLDivElement>(null);
  // About one marker per 1/60 of the range: closer events share a flag and list together.
  const markers = groupAnnotations(
    annotations.filter((annotation) => annotation.atMs >= fromMs && annotation.atMs <= toMs),
    (toMs - fromMs) / 60,
  );
  const ticks = Array.from({ length: 5 }, (_, index) => fromMs + ((toMs - fromMs) * index) / 4);
  const yMax = (dataMax: number) => Math.max(dataMax, minYMax, threshold ? threshold.value * 1.1 : 0);
  return (
    <div ref={container} style={{ height }} className="relative w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--color-line)" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[fromMs, toMs]} ticks={ticks} scale="time" tickFormatter={formatTime} stroke="var(--color-muted)" fontSize={11} />
          <YAxis tickFormatter={format} stroke="var(--color-muted)" fontSize={11} width={72} domain={[0, yMax]} />
          <Tooltip labelFormatter={(value) => formatTime(Number(value))} formatter={(value) => format(Number(value))} />
          {series.length > 1 ? <Legend verticalAlign="top" height={24} iconType="plainline" wrapperStyle={{ fontSize: 11 }} /> : null}
          {threshold ? (
            <ReferenceLine y={threshold.value} stroke="var(--color-danger)" strokeDasharray="4 4" label={{ value: threshold.label, position: "insideTopRight", fontSize: 11, fill: "var(--color-danger)" }} />
          ) : null}
          {markers.map((group) => (
            <ReferenceLine
              key={group.key}
              x={group.atMs}
              stroke={ANNOTATION_COLOURS[group.tone]}
              strokeDasharray="2 3"
              strokeOpacity={0.8}
              label={(props: { viewBox?: { x?: number; y?: number } }) => (
                <AnnotationMarker group={group} viewBox={props.viewBox} formatTime={formatTime} onShow={(target, x) => setShown({ group: target, x, chartWidth: container.current?.clientWidth ?? 0 })} onHide={() => setShown(null)} />
              )}
            />
          ))}
          {series.map((entry, index) => (
            <Line key={entry.key} dataKey={entry.key} name={entry.label} stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
      {shown ? <AnnotationTooltip group={shown.group} x={shown.x} chartWidth={shown.chartWidth} formatTime={formatTime} /> : null}
    </div>
  );
}

/** A small trend line for a stat card: no axes, just the shape. */
export function Sparkline({ points }: { points: [number, number][] }) {
  const rows = points.map(([t, value]) => ({ t, value }));
  return (
    <div className="h-8 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows}>
          <Line dataKey="value" stroke="var(--color-series-1)" dot={false} isAnimationActive={false} strokeWidth={1.5} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
