"use client";

import { useChartAnnotations } from "@/components/annotations/queries";
import { countRunningInstances, InstancesPanel } from "./instances-panel";
import { LiveStatus } from "./live-status";
import { useInstances, useSignals } from "./queries";
import { SignalPanel } from "./signal-panel";
import { StatCard } from "./stat-card";
import { TimeRangePicker, useTimeRange } from "./time-range";

const CHARTS: { title: string; signals: string[] }[] = [
  { title: "Latency (p50 / p95 / p99)", signals: ["http_latency_p95", "http_latency_p50", "http_latency_p99"] },
  { title: "Request rate", signals: ["http_request_rate"] },
  { title: "Error rate (5xx)", signals: ["http_error_ratio"] },
  { title: "CPU", signals: ["cpu_utilization"] },
  { title: "Memory", signals: ["memory_utilization"] },
  { title: "DB pool utilization", signals: ["db_pool_utilization"] },
];

/** Golden signals at a glance: stat cards on top, the charts that explain them below. */
export function OpsOverview() {
  const range = useTimeRange();
  const query = useSignals(range);
  // The Instances tile reads the panel's query (one cache entry), so the two never disagree.
  const instances = useInstances();
  // Markers are an overlay: if they fail to load, the charts still show (without them).
  const annotations = useChartAnnotations(range);
  const error = query.error ? query.error.message : null;
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Overview</h1>
          <LiveStatus updatedAt={query.dataUpdatedAt} error={error} />
        </div>
        <TimeRangePicker />
      </header>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7" aria-busy={query.isLoading}>
        {query.data
          ? query.data.signals.map((signal) => (
              <StatCard key={signal.key} signal={signal} current={signal.key === "instances" && instances.data ? countRunningInstances(instances.data) : undefined} />
            ))
          : Array.from({ length: 14 }, (_, index) => <div key={index} className="h-[124px] animate-pulse rounded-lg border border-line bg-panel" />)}
      </div>
      <InstancesPanel />
      <div className="grid gap-4 lg:grid-cols-2">
        {CHARTS.map((chart) => (
          <SignalPanel key={chart.title} title={chart.title} signals={chart.signals} data={query.data} isLoading={query.isLoading} error={error} onRetry={() => void query.refetch()} annotations={annotations.data} />
        ))}
      </div>
      {query.data ? <p className="text-xs text-muted">History source: {query.data.source === "prometheus" ? "Prometheus" : "embedded sampler (Postgres)"} · one point per {query.data.stepSeconds} s</p> : null}
    </section>
  );
}
