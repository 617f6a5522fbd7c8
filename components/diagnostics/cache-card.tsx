import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { formatValue } from "@/components/ops/format";
import type { CacheEvidence } from "@/lib/diagnostics/cache/detect";
import type { DetectorCard as Card } from "@/lib/diagnostics/sampler";
import { DetectorCard } from "./detector-card";
import { chartRange, formatClock, formatSeconds } from "./format";
import { FactList } from "./fact-list";

function describeStaleCheck(check: CacheEvidence["staleCheck"]): string {
  if (check.status === "not-applicable") return "not applicable in L1-only mode";
  if (check.status === "unavailable") return "Redis unavailable: not checked";
  return `${check.staleKeys.length} stale of ${check.compared} compared (${check.missingInL2} not in L2)`;
}

function CacheFacts({ evidence }: { evidence: CacheEvidence }) {
  if (evidence.note) return <p className="text-sm text-muted">{evidence.note}</p>;
  const delivery = evidence.delivery;
  const facts: [string, string][] = [
    ["Delivery lag p50 / p95 / max", delivery ? `${delivery.p50Ms.toFixed(0)} / ${delivery.p95Ms.toFixed(0)} / ${delivery.maxMs.toFixed(0)} ms (${delivery.count} messages)` : "no invalidations received in the last minute"],
    ["Subscription", evidence.openGapSinceMs === null ? "up" : `down since ${formatClock(evidence.openGapSinceMs)}`],
    ["Gaps repaired (since start)", formatValue("count", evidence.gapsTotal)],
    ["Stale check (latest)", describeStaleCheck(evidence.staleCheck)],
    ["Stale entries found (since start)", formatValue("count", evidence.staleEntriesTotal)],
  ];
  const staleKeys = evidence.staleCheck.status === "checked" ? evidence.staleCheck.staleKeys : [];
  return (
    <div className="space-y-2">
      <FactList facts={facts} />
      {evidence.gaps.length > 0 ? (
        <ul className="text-xs">
          {evidence.gaps.map((gap) => (
            <li key={gap.startedAtMs}>
              {gap.endedAtMs === null
                ? `gap open since ${formatClock(gap.startedAtMs)}`
                : `gap ${formatClock(gap.startedAtMs)}–${formatClock(gap.endedAtMs)} (${formatSeconds((gap.endedAtMs - gap.startedAtMs) / 1000)}), L1 cleared: ${gap.l1EntriesDropped ?? 0} entries dropped`}
            </li>
          ))}
        </ul>
      ) : null}
      {staleKeys.length > 0 ? <p className="break-all text-xs">{`Stale keys (dropped): ${staleKeys.join(", ")}`}</p> : null}
    </div>
  );
}

export function CacheCard({ card }: { card: Card<CacheEvidence> }) {
  const points = card.evidence.lagSeries.filter((point): point is [number, number] => point[1] !== null).map(([t, ms]): [number, number] => [t, ms / 1000]);
  const { fromMs, toMs } = chartRange(card.evidence.lagSeries.map(([t]) => t));
  return (
    <DetectorCard
      title="Cache invalidation problems"
      card={card}
      chart={
        <TimeSeriesChart
          series={[{ key: "lag", label: "Delivery lag p95", points }]}
          format={(value) => formatValue("seconds", value)}
          formatTime={formatClock}
          fromMs={fromMs}
          toMs={toMs}
          minYMax={0.1}
          height={160}
        />
      }
      evidence={<CacheFacts evidence={card.evidence} />}
    />
  );
}
