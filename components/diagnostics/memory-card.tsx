import type { ReactNode } from "react";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { formatValue } from "@/components/ops/format";
import type { MemoryEvidence } from "@/lib/diagnostics/memory/detect";
import type { DetectorCard as Card } from "@/lib/diagnostics/sampler";
import { DetectorCard } from "./detector-card";
import { chartRange, formatClock, formatSeconds } from "./format";
import { FactList } from "./fact-list";

const MB = 1024 * 1024;

function fittedLine(evidence: MemoryEvidence): [number, number][] {
  const first = evidence.series[0];
  const last = evidence.series.at(-1);
  if (!evidence.heap || !first || !last) return [];
  const at = (t: number): [number, number] => [t, evidence.heap!.interceptBytes + evidence.heap!.slopeMbPerMin * MB * ((t - first.atMs) / 60_000)];
  return [at(first.atMs), at(last.atMs)];
}

function MemoryFacts({ evidence, instancePid }: { evidence: MemoryEvidence; instancePid: number }) {
  const slope = (trend: MemoryEvidence["heap"]) => (trend ? `${trend.slopeMbPerMin.toFixed(2)} MB/min (R² ${trend.r2.toFixed(2)})` : "—");
  const facts: [string, string][] = [
    ["Instance", `pid ${instancePid}`],
    ["Window", `${formatSeconds(evidence.windowMs / 1000)} · ${evidence.sampleCount} samples`],
    ["Heap after GC slope", slope(evidence.heap)],
    ["RSS slope", slope(evidence.rss)],
    ["Heap now / limit", evidence.latest ? `${formatValue("bytes", evidence.latest.heapUsedBytes)} / ${formatValue("bytes", evidence.latest.heapLimitBytes)}` : "—"],
    ["Worst event-loop lag (p99)", formatValue("seconds", evidence.maxEventLoopLagSeconds)],
  ];
  return (
    <FactList facts={facts} />
  );
}

export function MemoryCard({ card, instancePid, actions }: { card: Card<MemoryEvidence>; instancePid: number; actions: ReactNode }) {
  const series = card.evidence.series;
  const { fromMs, toMs } = chartRange(series.map((sample) => sample.atMs));
  return (
    <DetectorCard
      title="Memory leak"
      card={card}
      chart={
        <TimeSeriesChart
          series={[
            { key: "heap", label: "Heap after GC", points: series.map((sample) => [sample.atMs, sample.heapUsedBytes]) },
            { key: "rss", label: "RSS", points: series.map((sample) => [sample.atMs, sample.rssBytes]) },
            { key: "fit", label: "Heap trend (least squares)", points: fittedLine(card.evidence) },
          ]}
          format={(value) => formatValue("bytes", value)}
          formatTime={formatClock}
          fromMs={fromMs}
          toMs={toMs}
          minYMax={64 * MB}
          height={160}
        />
      }
      evidence={<MemoryFacts evidence={card.evidence} instancePid={instancePid} />}
      actions={actions}
    />
  );
}
