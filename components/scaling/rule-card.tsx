"use client";

import type { ReactNode } from "react";
import { formatTime } from "@/components/ops/format";
import { StateBadge } from "@/components/ops/state-badge";
import type { SignalsResponse, TimeRange } from "@/lib/ops/schemas";
import { formatRuleValue, RULE_METRICS } from "@/lib/scaling/rules/rule-metrics";
import type { RuleOutput, UpdateRuleResponse } from "@/lib/scaling/rules/schemas";
import { useRuleHistory } from "./queries";
import { RuleTimelineChart } from "./rule-chart";
import { RuleForm } from "./rule-form";
import { describeAlert, findAlertIntervals, formatDuration, ruleBadgeState, toRuleSeries } from "./rule-view";

type Signal = SignalsResponse["signals"][number];

const ACTION_TEXT: Record<RuleOutput["action"], string> = { "add-app-replicas": "add app replicas", "grow-db-pool": "grow the DB pool" };

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-sm font-medium tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** One rule: its state and value against the threshold, its timeline on its metric, its editor. */
export function RuleCard({
  rule,
  canEdit,
  reason,
  signal,
  signalsError,
  range,
  chartWindow,
  nowMs,
  evaluationIntervalSeconds,
  onSaved,
}: {
  rule: RuleOutput;
  canEdit: boolean;
  reason: string | null;
  signal: Signal | undefined;
  signalsError: string | null;
  range: TimeRange;
  chartWindow: { fromMs: number; toMs: number } | null;
  nowMs: number;
  evaluationIntervalSeconds: number;
  onSaved: (result: UpdateRuleResponse) => void;
}) {
  const history = useRuleHistory(rule.id, range);
  const badge = ruleBadgeState(rule);
  const format = (value: number) => formatRuleValue(rule.unit, value);
  const points = signal ? toRuleSeries(signal.series, RULE_METRICS[rule.metric].scale) : [];
  const intervals = history.data && chartWindow ? findAlertIntervals(history.data, chartWindow.fromMs, chartWindow.toMs) : [];
  const markers = (history.data?.transitions ?? []).flatMap((transition) => (transition.value === null ? [] : [{ atMs: Date.parse(transition.at), value: transition.value, to: transition.to }]));
  const evaluatedAgoSeconds = rule.alert.evaluatedAt ? (nowMs - Date.parse(rule.alert.evaluatedAt)) / 1000 : null;
  const isEvaluationStale = evaluatedAgoSeconds !== null && evaluatedAgoSeconds > 3 * evaluationIntervalSeconds + 5;
  const multiSeries = (signal?.series.length ?? 0) > 1;
  const transitionCount = history.data?.transitions.length ?? 0;

  return (
    <article className="rounded-lg border border-line bg-panel p-4" aria-labelledby={`rule-${rule.id}-title`} data-testid={`rule-${rule.id}`}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={`rule-${rule.id}-title`} className="text-base font-semibold">
            {rule.label} {rule.comparator} {formatRuleValue(rule.unit, rule.threshold)}
          </h2>
          <p className="text-xs text-muted">
            <code>{rule.id}</code> · {rule.severity} · suggests: {ACTION_TEXT[rule.action]}
          </p>
        </div>
        <div className="flex items-center gap-2" data-testid="rule-state">
          {badge ? <StateBadge state={badge} /> : <span className="inline-flex rounded border border-line px-1.5 py-0.5 text-xs font-medium text-muted">Disabled</span>}
          <span className="text-sm">{describeAlert(rule, nowMs)}</span>
        </div>
      </header>

      <dl className="mt-3 grid grid-cols-3 gap-3 sm:grid-cols-6">
        <Fact label={multiSeries ? "Current (max of pools)" : "Current"} testId="rule-value">
          {formatRuleValue(rule.unit, rule.alert.value)}
        </Fact>
        <Fact label="Threshold" testId="rule-threshold">
          {rule.comparator} {formatRuleValue(rule.unit, rule.threshold)}
        </Fact>
        <Fact label="For">{formatDuration(rule.forSeconds)}</Fact>
        <Fact label="Keep firing for">{formatDuration(rule.keepFiringForSeconds)}</Fact>
        <Fact label="Flap score (24 h)" testId="rule-flap">
          <span title="alert state changes per hour over the last 24 hours">{rule.flapScore.toFixed(2)} /h</span>
        </Fact>
        <Fact label="Evaluated">
          <span className={isEvaluationStale ? "text-danger" : undefined} title={rule.alert.evaluatedAt ? new Date(rule.alert.evaluatedAt).toLocaleString() : undefined}>
            {evaluatedAgoSeconds === null ? "never" : `${formatDuration(evaluatedAgoSeconds)} ago`}
            {isEvaluationStale ? " (stale)" : ""}
          </span>
        </Fact>
      </dl>

      <div className="mt-3 grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <figure aria-label={`${rule.label} over the last ${range}: ${transitionCount} alert state changes`}>
          {!chartWindow ? (
            <div className="h-[240px] animate-pulse rounded bg-surface" aria-label="loading" />
          ) : signalsError && points.length === 0 ? (
            <p role="alert" className="flex h-[240px] items-center justify-center text-sm text-danger">
              {signalsError}
            </p>
          ) : points.length === 0 && intervals.length === 0 ? (
            <p className="flex h-[240px] items-center justify-center px-6 text-center text-sm text-muted">
              No samples of {rule.signal} in this range yet. The control loop records one every {evaluationIntervalSeconds} s; widen the range or wait.
            </p>
          ) : (
            <RuleTimelineChart
              points={points}
              label={rule.label}
              threshold={{ value: rule.threshold, label: `threshold ${formatRuleValue(rule.unit, rule.threshold)}` }}
              intervals={intervals}
              markers={markers}
              format={format}
              formatTime={formatTime}
              fromMs={chartWindow.fromMs}
              toMs={chartWindow.toMs}
            />
          )}
          <figcaption className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
            <span className="inline-flex items-center gap-1">
              <span className="inline-block h-0.5 w-4 bg-series-1" aria-hidden /> {multiSeries ? `${rule.signal} (largest pool)` : rule.signal}
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="inline-block w-4 border-t-2 border-dashed border-danger" aria-hidden /> threshold
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="inline-block size-3 rounded-sm bg-warn/40" aria-hidden /> pending
            </span>
            <span className="inline-flex items-center gap-1">
              <span className="inline-block size-3 rounded-sm bg-danger/30" aria-hidden /> firing
            </span>
            <span>
              {history.error
                ? `history unavailable: ${history.error.message}`
                : `${transitionCount} state change${transitionCount === 1 ? "" : "s"} in ${range}`}
            </span>
          </figcaption>
        </figure>
        <RuleForm key={rule.id} rule={rule} canEdit={canEdit} reason={reason} onSaved={onSaved} />
      </div>
    </article>
  );
}
