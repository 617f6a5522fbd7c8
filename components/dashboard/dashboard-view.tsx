"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { DailyLines, DailyStackedBars } from "@/components/charts/daily-charts";
import { Panel } from "@/components/ops/panel";
import { formatDurationMs, formatDurationShort, formatPercent } from "@/components/workflows/format";
import type { DashboardStatsOutput } from "@/lib/dashboard/schemas";
import { ActiveUsersCard } from "./active-users-card";
import { useDashboardStats } from "./queries";
import { RUN_STATUS_ORDER, RUN_STATUS_STYLE } from "@/components/workflows/run-status";

type Stats = DashboardStatsOutput;

/** The tenant's numbers: stat cards, active users, then the runs of the last seven days. */
export function DashboardView() {
  const query = useDashboardStats();
  const stats = query.data;
  const error = query.error ? query.error.message : null;
  const hasRuns = stats ? stats.runs.last7d.total > 0 : false;
  const retry = () => void query.refetch();
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Dashboard</h1>
          <p className="text-xs text-muted" aria-live="polite">
            {stats ? `Numbers as of ${new Date(stats.computedAt).toLocaleTimeString()} · refreshed at least every ${stats.maxAgeSeconds / 60} min` : query.isLoading ? "loading…" : ""}
            {error ? <span className="text-danger">{` · refresh failed: ${error}`}</span> : null}
          </p>
        </div>
      </header>
      {error && !stats ? (
        <div role="alert" className="flex items-center justify-between gap-3 rounded-lg border border-danger/40 bg-panel p-4 text-sm">
          <p className="text-danger">{`The dashboard could not be loaded: ${error}`}</p>
          <button type="button" onClick={retry} className="rounded-md border border-line px-3 py-1">
            Retry
          </button>
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" aria-busy={query.isLoading}>
        {stats ? <StatCards stats={stats} /> : Array.from({ length: 6 }, (_, index) => <div key={index} className="h-[104px] animate-pulse rounded-lg border border-line bg-panel" />)}
      </div>
      <ActiveUsersCard />
      {stats && !hasRuns ? (
        <div className="rounded-lg border border-dashed border-line bg-panel p-6 text-sm" data-testid="dashboard-empty">
          <p className="font-medium">No workflow runs in the last 7 days.</p>
          <p className="mt-1 text-muted">
            Runs per day, success rate and p95 duration appear here once workflows run.{" "}
            <Link href="/app/workflows" className="text-accent underline">
              Start one from Workflows
            </Link>
            .
          </p>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartPanel title="Runs per day by status" stats={stats} isLoading={query.isLoading} error={error} onRetry={retry} hasRuns={hasRuns}>
          {stats ? (
            <DailyStackedBars
              rows={stats.daily.map((day) => ({ day: day.day, values: day.byStatus }))}
              series={RUN_STATUS_ORDER.map((status) => ({ key: status, ...RUN_STATUS_STYLE[status] }))}
              format={(value) => `${value}`}
              minYMax={4}
            />
          ) : null}
        </ChartPanel>
        <ChartPanel title="Success rate per day" subtitle="succeeded ÷ (succeeded + failed)" stats={stats} isLoading={query.isLoading} error={error} onRetry={retry} hasRuns={hasRuns}>
          {stats ? (
            <DailyLines
              rows={stats.daily.map((day) => ({ day: day.day, values: { successRate: day.successRate } }))}
              series={[{ key: "successRate", label: "Success rate", colour: "var(--color-ok)" }]}
              format={(value) => formatPercent(value)}
              minYMax={1}
            />
          ) : null}
        </ChartPanel>
        <ChartPanel title="p95 run duration per day" subtitle="runs that succeeded or failed" stats={stats} isLoading={query.isLoading} error={error} onRetry={retry} hasRuns={hasRuns}>
          {stats ? (
            <DailyLines
              rows={stats.daily.map((day) => ({ day: day.day, values: { p95: day.p95DurationMs } }))}
              series={[{ key: "p95", label: "p95 duration", colour: "var(--color-series-1)" }]}
              format={(value) => formatDurationMs(value)}
              formatAxis={formatDurationShort}
              minYMax={1000}
            />
          ) : null}
        </ChartPanel>
        <RunWindowsPanel stats={stats} isLoading={query.isLoading} />
      </div>
    </section>
  );
}

function StatCards({ stats }: { stats: Stats }) {
  const { last24h, last7d } = stats.runs;
  const cards: { label: string; value: string; detail: string; testId: string }[] = [
    { label: "Active modules", value: `${stats.activeModules}`, detail: "activated for this tenant", testId: "active-modules" },
    { label: "Templates", value: `${stats.templatesInLibrary}`, detail: "in the library", testId: "templates" },
    { label: "Runs, 24 h", value: `${last24h.total}`, detail: `${last7d.total} in 7 d`, testId: "runs-24h" },
    { label: "Succeeded, 24 h", value: `${last24h.byStatus.succeeded}`, detail: `${last24h.byStatus.failed} failed`, testId: "succeeded-24h" },
    { label: "Success rate, 24 h", value: formatPercent(last24h.successRate), detail: `${formatPercent(last7d.successRate)} over 7 d`, testId: "success-rate-24h" },
    { label: "p95 duration, 24 h", value: formatDurationMs(last24h.p95DurationMs), detail: `${formatDurationMs(last7d.p95DurationMs)} over 7 d`, testId: "p95-24h" },
  ];
  return cards.map((card) => (
    <article key={card.testId} className="flex flex-col gap-1 rounded-lg border border-line bg-panel p-3" aria-label={card.label} data-testid={`dashboard-${card.testId}`}>
      <h2 className="text-xs font-medium text-muted">{card.label}</h2>
      <p className="text-xl font-semibold tabular-nums" data-testid="stat-value">
        {card.value}
      </p>
      <p className="text-xs text-muted">{card.detail}</p>
    </article>
  ));
}

function ChartPanel(props: { title: string; subtitle?: string; stats: Stats | undefined; isLoading: boolean; error: string | null; onRetry: () => void; hasRuns: boolean; children: ReactNode }) {
  return (
    <Panel
      title={props.title}
      subtitle={props.subtitle ? `${props.subtitle} · last 7 days (UTC)` : "last 7 days (UTC)"}
      isLoading={props.isLoading && !props.stats}
      error={props.error}
      isEmpty={!props.hasRuns}
      emptyText="No runs in the last 7 days yet."
      onRetry={props.onRetry}
    >
      {props.children}
    </Panel>
  );
}

/** Both windows side by side, every status counted. */
function RunWindowsPanel({ stats, isLoading }: { stats: Stats | undefined; isLoading: boolean }) {
  return (
    <Panel title="Runs by status" subtitle="created in the window" isLoading={isLoading && !stats}>
      {stats ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-muted">
              <tr>
                <th className="py-1 font-medium">Status</th>
                <th className="py-1 text-right font-medium">24 h</th>
                <th className="py-1 text-right font-medium">7 d</th>
              </tr>
            </thead>
            <tbody>
              {RUN_STATUS_ORDER.map((status) => (
                <tr key={status} className="border-t border-line">
                  <td className="py-1.5">
                    <span className="mr-2 inline-block size-2 rounded-sm" style={{ background: RUN_STATUS_STYLE[status].colour }} aria-hidden />
                    {RUN_STATUS_STYLE[status].label}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{stats.runs.last24h.byStatus[status]}</td>
                  <td className="py-1.5 text-right tabular-nums">{stats.runs.last7d.byStatus[status]}</td>
                </tr>
              ))}
              <tr className="border-t border-line font-medium">
                <td className="py-1.5">Total</td>
                <td className="py-1.5 text-right tabular-nums">{stats.runs.last24h.total}</td>
                <td className="py-1.5 text-right tabular-nums">{stats.runs.last7d.total}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
