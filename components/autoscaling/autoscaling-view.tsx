"use client";

import { useCallback, useMemo, useState } from "react";
import { LiveStatus } from "@/components/ops/live-status";
import { Panel } from "@/components/ops/panel";
import { TimeRangePicker, useTimeRange } from "@/components/ops/time-range";
import { useRules } from "@/components/scaling/queries";
import { Toast } from "@/components/scaling/toast";
import type { UpdateAutoscalingPolicyResponse } from "@/lib/autoscaling/schemas";
import { hpaPolicySchema } from "@/lib/scaling/schemas";
import { ExportPanel } from "./export-panel";
import { LiveRecommendation } from "./live-recommendation";
import { PausePanel } from "./pause-panel";
import { draftFromPolicy, policyFromDraft, type PolicyDraft } from "./policy-draft";
import { PolicyEditorPanel } from "./policy-editor-panel";
import { useAutoscalingPolicy } from "./queries";
import { findRuleDisagreements } from "./rule-disagreement";
import { SimulatorPanel } from "./simulator-panel";

/** The autoscaling policy, its live decision, a replay of history under it, and its HPA export. */
export function AutoscalingView() {
  const range = useTimeRange();
  const saved = useAutoscalingPolicy();
  const rules = useRules();
  // Only the operator's edits live here; the saved policy stays in the query cache.
  const [edits, setEdits] = useState<PolicyDraft | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const closeToast = useCallback(() => setToast(null), []);
  const savedDraft = useMemo(() => (saved.data ? draftFromPolicy(saved.data.policy) : null), [saved.data]);
  const draft = edits ?? savedDraft;
  const isDirty = edits !== null && JSON.stringify(edits) !== JSON.stringify(savedDraft);
  const parsedDraft = useMemo(() => (edits ? hpaPolicySchema.safeParse(policyFromDraft(edits)) : null), [edits]);
  const simulated = isDirty && parsedDraft?.success ? parsedDraft.data : saved.data?.policy;
  const disagreements = saved.data && rules.data ? findRuleDisagreements(rules.data.rules, saved.data.policy) : [];

  const onSaved = useCallback((result: UpdateAutoscalingPolicyResponse) => {
    setEdits(null);
    setToast(result.audit ? `Saved the autoscaling policy. Audit entry recorded at ${new Date(result.audit.at).toLocaleTimeString()}.` : "No changes to the policy; nothing recorded.");
  }, []);

  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Autoscaling</h1>
          <LiveStatus updatedAt={saved.dataUpdatedAt} error={saved.error?.message ?? null} />
          <p className="mt-1 max-w-3xl text-sm text-muted">
            The HorizontalPodAutoscaler policy the control loop runs against this machine&apos;s instances: CPU and memory targets, then the behavior&apos;s stabilization windows
            and rate limits. The simulator replays the recorded load under the policy, including unsaved edits.
          </p>
        </div>
        <TimeRangePicker />
      </header>
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <LiveRecommendation />
        </div>
        <Panel title="Alert rules and the autoscaler" isLoading={rules.isLoading || saved.isLoading} error={rules.error?.message ?? null} isEmpty={!rules.data} onRetry={() => void rules.refetch()} minHeight={170}>
          <div className="space-y-2 text-sm" data-testid="rule-disagreements">
            {disagreements.length === 0 ? (
              <p className="text-muted">The CPU and memory alert thresholds match the autoscaler&apos;s targets.</p>
            ) : (
              disagreements.map((entry) => (
                <p key={entry.ruleId} className="rounded border-l-4 border-warn bg-warn/10 px-2 py-1">
                  <span className="font-medium">Differs:</span> {entry.note}
                </p>
              ))
            )}
            <p className="text-xs text-muted">Alert rules read CPU of this machine&apos;s cores; the autoscaler measures against each instance&apos;s request.</p>
          </div>
        </Panel>
      </div>
      <PausePanel canEdit={saved.data?.permissions.canEdit ?? false} readOnlyReason={saved.data?.permissions.reason ?? null} />
      {saved.data && simulated ? (
        <SimulatorPanel policy={simulated} isDraft={simulated !== saved.data.policy} limits={saved.data.localLimits} range={range} />
      ) : null}
      {saved.data && draft ? (
        <div className="grid gap-4 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <PolicyEditorPanel saved={saved.data} draft={draft} isDirty={isDirty} onChange={setEdits} onDiscard={() => setEdits(null)} onSaved={onSaved} />
          </div>
          <ExportPanel isDirty={isDirty} />
        </div>
      ) : saved.error ? (
        <Panel title="Policy" isLoading={false} isEmpty error={saved.error.message} onRetry={() => void saved.refetch()}>
          {null}
        </Panel>
      ) : (
        <div className="h-[420px] animate-pulse rounded-lg border border-line bg-panel" aria-label="loading" />
      )}
      <Toast message={toast} onClose={closeToast} />
    </section>
  );
}
