"use client";

import { useCallback, useEffect, useState } from "react";
import { LiveStatus } from "@/components/ops/live-status";
import { Panel } from "@/components/ops/panel";
import { LIVE_REFRESH_MS, useSignals } from "@/components/ops/queries";
import { TimeRangePicker, useTimeRange } from "@/components/ops/time-range";
import { TIME_RANGES } from "@/lib/ops/schemas";
import { formatRuleValue, RULE_METRICS } from "@/lib/scaling/rules/rule-metrics";
import type { UpdateRuleResponse } from "@/lib/scaling/rules/schemas";
import { useRules } from "./queries";
import { RuleCard } from "./rule-card";
import { Toast } from "./toast";

const RULE_SIGNALS = [...new Set(Object.values(RULE_METRICS).map((binding) => binding.signal))];

/** Ticks once a second so "for 2 min" and "3 s ago" stay true between refreshes. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Every threshold rule as a card: state, value against threshold, timeline and editor. */
export function ThresholdsView() {
  const range = useTimeRange();
  const rules = useRules();
  const signals = useSignals(range, RULE_SIGNALS);
  const nowMs = useNow();
  const [toast, setToast] = useState<string | null>(null);
  const closeToast = useCallback(() => setToast(null), []);
  const onSaved = useCallback((result: UpdateRuleResponse) => {
    const { rule, audit } = result;
    setToast(
      audit
        ? `Saved ${rule.id}: ${rule.comparator} ${formatRuleValue(rule.unit, rule.threshold)}. Audit entry recorded at ${new Date(audit.at).toLocaleTimeString()}.`
        : `No changes to ${rule.id}; nothing recorded.`,
    );
  }, []);

  const error = rules.error ? rules.error.message : null;
  // The chart window ends when the signals were read, so the line and the axis agree on "now".
  const toMs = signals.data ? Date.parse(signals.data.generatedAt) : null;
  const chartWindow = toMs === null ? null : { fromMs: toMs - TIME_RANGES[range] * 1000, toMs };
  const data = rules.data;
  // Past three missed refreshes the cards are greyed; LiveStatus says why.
  const isStale = rules.dataUpdatedAt > 0 && nowMs - rules.dataUpdatedAt > 3 * LIVE_REFRESH_MS;

  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Thresholds</h1>
          <LiveStatus updatedAt={rules.dataUpdatedAt} error={error} />
          <p className="mt-1 max-w-3xl text-sm text-muted">
            Alerting rules from the scalability guide, evaluated by the control loop every {data?.evaluationIntervalSeconds ?? 15} s the way Prometheus does: a breach is
            pending until it has held for the rule&apos;s <em>for</em>, then fires, and keeps firing for <em>keep firing for</em> after it clears.
          </p>
        </div>
        <TimeRangePicker />
      </header>
      {data ? (
        data.rules.length === 0 ? (
          <Panel title="Rules" isLoading={false} isEmpty emptyText="No threshold rules yet. The default rules are added when the database is seeded (npm run db:seed, or npm start).">
            {null}
          </Panel>
        ) : (
          <div className={`space-y-4 transition-opacity ${isStale ? "opacity-60" : ""}`}>
            {data.rules.map((rule) => (
              <RuleCard
                key={rule.id}
                rule={rule}
                canEdit={data.permissions.canEdit}
                reason={data.permissions.reason}
                signal={signals.data?.signals.find((signal) => signal.key === rule.signal)}
                signalsError={signals.error ? signals.error.message : null}
                range={range}
                chartWindow={chartWindow}
                nowMs={nowMs}
                evaluationIntervalSeconds={data.evaluationIntervalSeconds}
                onSaved={onSaved}
              />
            ))}
          </div>
        )
      ) : error ? (
        <Panel title="Rules" isLoading={false} isEmpty error={error} onRetry={() => void rules.refetch()}>
          {null}
        </Panel>
      ) : (
        <div className="space-y-4" aria-busy>
          {Array.from({ length: 4 }, (_, index) => (
            <div key={index} className="h-[340px] animate-pulse rounded-lg border border-line bg-panel" aria-label="loading" />
          ))}
        </div>
      )}
      <Toast message={toast} onClose={closeToast} />
    </section>
  );
}
