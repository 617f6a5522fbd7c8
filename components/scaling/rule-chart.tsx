"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { findNiceAxis, type AlertInterval } from "./rule-view";

export type TransitionMarker = { atMs: number; value: number; to: "inactive" | "pending" | "firing" };

type Props = {
  points: [number, number][];
  label: string;
  threshold: { value: number; label: string };
  intervals: AlertInterval[];
  markers: TransitionMarker[];
  /** Formats values on the axis and in the tooltip, with their unit. */
  format: (value: number) => string;
  formatTime: (ms: number) => string;
  fromMs: number;
  toMs: number;
  height?: number;
};

/** Areas narrower than this share of the range get no text label (it would not fit). */
const MIN_LABELLED_SHARE = 0.08;

const STATE_FILL = { pending: "var(--color-warn)", firing: "var(--color-danger)" } as const;
const MARKER_FILL = { inactive: "var(--color-ok)", pending: "var(--color-warn)", firing: "var(--color-danger)" } as const;

/**
 * A rule's metric over the page's time range with its threshold, the stretches where its alert
 * was pending (amber) or firing (red) shaded, and a dot at each state change.
 */
export function RuleTimelineChart({ points, label, threshold, intervals, markers, format, formatTime, fromMs, toMs, height = 240 }: Props) {
  const rows = points.map(([t, value]) => ({ t, value }));
  const ticks = Array.from({ length: 5 }, (_, index) => fromMs + ((toMs - fromMs) * index) / 4);
  const yAxis = findNiceAxis(Math.max(threshold.value * 1.1, ...points.map(([, value]) => value), ...markers.map((marker) => marker.value)));
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--color-line)" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[fromMs, toMs]} ticks={ticks} scale="time" tickFormatter={formatTime} stroke="var(--color-muted)" fontSize={11} allowDataOverflow />
          <YAxis tickFormatter={format} stroke="var(--color-muted)" fontSize={11} width={64} domain={[0, yAxis.max]} ticks={yAxis.ticks} />
          <Tooltip labelFormatter={(value) => formatTime(Number(value))} formatter={(value) => [format(Number(value)), label]} />
          {intervals.map((interval) => (
            <ReferenceArea
              key={`${interval.state}-${interval.fromMs}`}
              x1={interval.fromMs}
              x2={interval.toMs}
              fill={STATE_FILL[interval.state]}
              fillOpacity={interval.state === "firing" ? 0.16 : 0.22}
              strokeOpacity={0}
              label={(interval.toMs - interval.fromMs) / (toMs - fromMs) >= MIN_LABELLED_SHARE ? { value: interval.state, position: "insideTopLeft", fontSize: 10, fill: "var(--color-ink)" } : undefined}
            />
          ))}
          <ReferenceLine y={threshold.value} stroke="var(--color-danger)" strokeDasharray="4 4" label={{ value: threshold.label, position: "insideBottomRight", fontSize: 11, fill: "var(--color-danger)" }} />
          <Line dataKey="value" name={label} stroke="var(--color-series-1)" dot={false} isAnimationActive={false} connectNulls />
          {markers.map((marker) => (
            <ReferenceDot key={`${marker.atMs}-${marker.to}`} x={marker.atMs} y={marker.value} r={4} fill={MARKER_FILL[marker.to]} stroke="var(--color-panel)" strokeWidth={1.5} ifOverflow="extendDomain" />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
