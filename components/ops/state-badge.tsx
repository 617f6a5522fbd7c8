import type { ThresholdState } from "@/lib/metrics/signals";

const STYLES: Record<ThresholdState, { label: string; className: string }> = {
  ok: { label: "OK", className: "bg-ok/15 text-ok" },
  warning: { label: "Warning", className: "bg-warn/20 text-ink" },
  critical: { label: "Critical", className: "bg-danger/15 text-danger" },
  "no-data": { label: "No data", className: "bg-line text-muted" },
};

/** State as colour and as words: never colour alone. */
export function StateBadge({ state }: { state: ThresholdState }) {
  const style = STYLES[state];
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ${style.className}`}>{style.label}</span>;
}
