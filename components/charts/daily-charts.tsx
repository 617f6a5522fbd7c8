"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One bar or point per day; `values` maps each series key to its number (null: no data that day). */
export type DailyRow = { day: string; values: Record<string, number | null> };
export type DailySeries = { key: string; label: string; colour: string };

type Common = {
  rows: DailyRow[];
  series: DailySeries[];
  /** Value with its unit, for the tooltip (and the axis unless `formatAxis` is given). */
  format: (value: number) => string;
  /** A shorter form for the axis ticks, where long labels would wrap. */
  formatAxis?: (value: number) => string;
  /** The y axis reaches at least this far, so small values are not drawn as full-height bars. */
  minYMax: number;
  height?: number;
};

const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString([], { weekday: "short", day: "numeric", timeZone: "UTC" });

function toData(rows: DailyRow[]) {
  return rows.map((row) => ({ day: row.day, ...row.values }));
}

/** Stacked bars per day (e.g. runs by status), with a legend naming each series. */
export function DailyStackedBars({ rows, series, format, minYMax, height = 220 }: Common) {
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={toData(rows)} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--color-line)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} stroke="var(--color-muted)" fontSize={11} />
          <YAxis tickFormatter={format} stroke="var(--color-muted)" fontSize={11} width={56} allowDecimals={false} domain={[0, (dataMax: number) => Math.max(dataMax, minYMax)]} />
          <Tooltip labelFormatter={(value) => dayLabel(String(value))} formatter={(value) => format(Number(value))} />
          <Legend verticalAlign="top" height={24} iconType="square" wrapperStyle={{ fontSize: 11 }} />
          {series.map((entry) => (
            <Bar key={entry.key} dataKey={entry.key} name={entry.label} stackId="day" fill={entry.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A line per series over the days; days without data leave a gap rather than a false zero. */
export function DailyLines({ rows, series, format, formatAxis, minYMax, height = 220 }: Common) {
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={toData(rows)} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--color-line)" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} stroke="var(--color-muted)" fontSize={11} />
          <YAxis tickFormatter={formatAxis ?? format} stroke="var(--color-muted)" fontSize={11} width={64} domain={[0, (dataMax: number) => Math.max(dataMax, minYMax)]} />
          <Tooltip labelFormatter={(value) => dayLabel(String(value))} formatter={(value) => format(Number(value))} />
          {series.length > 1 ? <Legend verticalAlign="top" height={24} iconType="plainline" wrapperStyle={{ fontSize: 11 }} /> : null}
          {series.map((entry) => (
            <Line key={entry.key} dataKey={entry.key} name={entry.label} stroke={entry.colour} dot={{ r: 3 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
