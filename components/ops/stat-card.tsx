import type { SignalsResponse } from "@/lib/ops/schemas";
import { Sparkline } from "@/components/charts/time-series-chart";
import { formatValue } from "./format";
import { StateBadge } from "./state-badge";

type Signal = SignalsResponse["signals"][number];

/**
 * One golden signal: its current value with unit, a trend line and its threshold state.
 * `current` replaces the sampled value where a live query is the one source (the instance count).
 */
export function StatCard({ signal, current }: { signal: Signal; current?: number | null }) {
  // Multi-series signals (pools, replicas, cache levels) show their worst series.
  const headline = [...signal.series].sort((a, b) => (b.current ?? -Infinity) - (a.current ?? -Infinity))[0];
  const value = current === undefined ? (headline?.current ?? null) : current;
  return (
    <article className="flex flex-col gap-1 rounded-lg border border-line bg-panel p-3" aria-label={signal.label} data-testid={`stat-${signal.key}`}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-medium text-muted">
          {signal.definition ? (
            <abbr title={signal.definition} tabIndex={0} className="cursor-help no-underline decoration-dotted hover:underline focus:underline" data-testid="stat-definition">
              {signal.label}
            </abbr>
          ) : (
            signal.label
          )}
        </h3>
        <StateBadge state={signal.state} />
      </div>
      <p className="text-xl font-semibold tabular-nums" data-testid="stat-value">
        {formatValue(signal.unit, value)}
      </p>
      <p className="h-4 text-xs text-muted">{signal.threshold ? `threshold ${formatValue(signal.unit, signal.threshold.value)}` : headline ? headline.series.split(":")[1] ?? "" : ""}</p>
      <Sparkline points={headline?.points ?? []} />
    </article>
  );
}
