"use client";

import type { ReactElement } from "react";

/** A moment marked on a time-series chart (a procedure run, an alert, a scaling change). */
export type ChartAnnotation = { id: string; atMs: number; title: string; detail: string; tone: "info" | "warning" | "critical" };

/** Annotations close enough in time to share one marker (one flag per few pixels is all a chart can show). */
export type AnnotationGroup = { key: string; atMs: number; tone: ChartAnnotation["tone"]; items: ChartAnnotation[] };

export const ANNOTATION_COLOURS: Record<ChartAnnotation["tone"], string> = {
  info: "var(--color-accent)",
  warning: "var(--color-warn)",
  critical: "var(--color-danger)",
};

const TONE_RANK: Record<ChartAnnotation["tone"], number> = { info: 0, warning: 1, critical: 2 };

/** Groups annotations less than `spanMs` after the first of their group; a group takes its worst tone. */
export function groupAnnotations(annotations: ChartAnnotation[], spanMs: number): AnnotationGroup[] {
  const groups: AnnotationGroup[] = [];
  for (const annotation of [...annotations].sort((a, b) => a.atMs - b.atMs)) {
    const last = groups.at(-1);
    if (last && annotation.atMs - last.atMs < spanMs) {
      last.items.push(annotation);
      last.key = `${last.key} ${annotation.id}`;
      if (TONE_RANK[annotation.tone] > TONE_RANK[last.tone]) last.tone = annotation.tone;
    } else {
      groups.push({ key: annotation.id, atMs: annotation.atMs, tone: annotation.tone, items: [annotation] });
    }
  }
  return groups;
}

type MarkerProps = {
  group: AnnotationGroup;
  /** recharts passes the reference line's box to its label. */
  viewBox?: { x?: number; y?: number };
  formatTime: (ms: number) => string;
  onShow: (group: AnnotationGroup, x: number) => void;
  onHide: () => void;
};

/**
 * The handle on top of an annotation's vertical line: a small focusable flag. Hover or keyboard
 * focus shows the chart's tooltip for it; the SVG title is the fallback for assistive tech.
 */
export function AnnotationMarker({ group, viewBox, formatTime, onShow, onHide }: MarkerProps): ReactElement {
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  const label = group.items.map((item) => `${formatTime(item.atMs)} ${item.title}: ${item.detail}`).join("; ");
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={label}
      data-annotation={group.key}
      className="cursor-pointer focus:outline-none"
      onMouseEnter={() => onShow(group, x)}
      onMouseLeave={onHide}
      onFocus={() => onShow(group, x)}
      onBlur={onHide}
    >
      <title>{label}</title>
      {/* A wider invisible target than the 8 px flag, so the marker is easy to hit. */}
      <rect x={x - 6} y={y - 2} width={12} height={14} fill="transparent" />
      <path d={`M ${x - 4} ${y} L ${x + 4} ${y} L ${x} ${y + 7} Z`} fill={ANNOTATION_COLOURS[group.tone]} />
      {group.items.length > 1 ? (
        <text x={x + 6} y={y + 7} fontSize={9} fill="var(--color-muted)">
          {group.items.length}
        </text>
      ) : null}
    </g>
  );
}

/** The tooltip for the marker under the pointer or in focus, placed above the chart at its x. */
export function AnnotationTooltip({ group, x, chartWidth, formatTime }: { group: AnnotationGroup; x: number; chartWidth: number; formatTime: (ms: number) => string }) {
  // Centred on the marker, but kept inside the chart's width (16 rem = 256 px wide).
  const left = Math.min(Math.max(x - 128, 0), Math.max(chartWidth - 256, 0));
  return (
    <div
      role="tooltip"
      className="pointer-events-none absolute top-0 z-10 w-64 -translate-y-full space-y-1 rounded-md border border-line bg-panel px-2 py-1 text-xs shadow"
      style={{ left }}
    >
      {group.items.map((item) => (
        <div key={item.id}>
          <p className="font-medium" style={{ color: ANNOTATION_COLOURS[item.tone] }}>
            {item.title}
          </p>
          <p className="text-muted">
            {formatTime(item.atMs)} · {item.detail}
          </p>
        </div>
      ))}
    </div>
  );
}
