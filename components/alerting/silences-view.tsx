"use client";

import { useCallback, useState } from "react";
import { LiveStatus } from "@/components/ops/live-status";
import { Panel } from "@/components/ops/panel";
import { useRules } from "@/components/scaling/queries";
import { Toast } from "@/components/scaling/toast";
import type { Silence } from "@/lib/alerting/schemas";
import { useExpireSilence, useSilences } from "./queries";
import { SilenceForm } from "./silence-form";

/** "in 3 h 20 min", "in 45 min": how long a silence still holds. */
function formatRemaining(endsAtMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.round((endsAtMs - nowMs) / 60_000));
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`;
}

function SilenceRow({ silence, canEdit, nowMs, onExpired }: { silence: Silence; canEdit: boolean; nowMs: number; onExpired: (message: string) => void }) {
  const expire = useExpireSilence();
  const endsAt = Date.parse(silence.endsAt);
  return (
    <tr className="border-t border-line align-top">
      <td className="py-2 pr-3">
        <code className="text-xs">{silence.ruleId}</code>
        {silence.state === "pending" ? <span className="ml-2 rounded bg-line px-1.5 text-xs">starts later</span> : null}
      </td>
      <td className="py-2 pr-3 text-sm">{silence.createdBy}</td>
      <td className="max-w-[16rem] py-2 pr-3 text-sm break-words">{silence.comment}</td>
      <td className="py-2 pr-3 text-sm whitespace-nowrap" title={new Date(endsAt).toUTCString()}>
        {new Date(endsAt).toLocaleString([], { dateStyle: "short", timeStyle: "short" })}
        <span className="block text-xs text-muted">{formatRemaining(endsAt, nowMs)}</span>
      </td>
      <td className="py-2 text-right">
        <button
          type="button"
          disabled={!canEdit || expire.isPending}
          title={canEdit ? "End this silence now" : "Only SREs and admins can end silences"}
          onClick={() => expire.mutate(silence.id, { onSuccess: () => onExpired(`Silence of ${silence.ruleId} ended. Audit entry recorded.`) })}
          className="rounded-md border border-line px-2 py-1 text-sm disabled:cursor-not-allowed disabled:opacity-50"
        >
          {expire.isPending ? "Ending…" : "End now"}
        </button>
        {expire.error ? (
          <p role="alert" className="mt-1 text-xs text-danger">
            {expire.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** Alertmanager silences of the threshold rules: who set them, why, until when; set and end them here. */
export function SilencesView() {
  const silences = useSilences();
  const rules = useRules();
  const [toast, setToast] = useState<string | null>(null);
  const closeToast = useCallback(() => setToast(null), []);
  const data = silences.data;
  const error = silences.error ? silences.error.message : null;
  const canEdit = data?.permissions.canEdit ?? false;

  return (
    <section className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">Alerting</h1>
        <LiveStatus updatedAt={silences.dataUpdatedAt} error={error} />
        <p className="mt-1 max-w-3xl text-sm text-muted">
          Firing threshold rules are sent to Alertmanager, which routes, groups and inhibits them. A silence mutes one rule there for a while; it is recorded in the audit log.
        </p>
      </header>
      {data && !data.configured ? (
        <Panel title="Silences" isLoading={false} isEmpty emptyText="No Alertmanager is configured: set ALERTMANAGER_URLS to send alerts to one and to silence them here." minHeight={0}>
          {null}
        </Panel>
      ) : (
        <>
          <Panel
            title="Active silences"
            subtitle={data?.alertmanager ? `from ${data.alertmanager}` : undefined}
            isLoading={!data && !error}
            error={error}
            isEmpty={!data || data.silences.length === 0}
            emptyText="No rule is silenced. Silences you create below, or in Alertmanager with a rule_id matcher, appear here."
            onRetry={() => void silences.refetch()}
            minHeight={160}
          >
            <div className="overflow-x-auto">
              <table className="w-full min-w-[36rem] text-left">
                <thead className="sticky top-0 bg-panel text-xs text-muted">
                  <tr>
                    <th className="py-1 pr-3 font-medium">Rule</th>
                    <th className="py-1 pr-3 font-medium">Created by</th>
                    <th className="py-1 pr-3 font-medium">Comment</th>
                    <th className="py-1 pr-3 font-medium">Ends</th>
                    <th className="py-1 text-right font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data?.silences.map((silence) => (
                    // "in 20 min" counts from when the list was read; it is read again every few seconds.
                    <SilenceRow key={silence.id} silence={silence} canEdit={canEdit} nowMs={silences.dataUpdatedAt} onExpired={setToast} />
                  ))}
                </tbody>
              </table>
            </div>
          </Panel>
          <Panel title="Silence a rule" isLoading={!data && !error} error={rules.error ? rules.error.message : null} isEmpty={false} minHeight={0}>
            <SilenceForm rules={rules.data?.rules ?? []} canEdit={canEdit} reason={data?.permissions.reason ?? null} onCreated={setToast} />
          </Panel>
        </>
      )}
      <Panel title="Use the rules in Prometheus" isLoading={false} isEmpty={false} minHeight={0}>
        <p className="text-sm text-muted">
          The live rules as a Prometheus rule file over this app&apos;s /api/metrics series, and a promtool test file that checks Prometheus reaches the same answers.
        </p>
        <div className="mt-2 flex flex-wrap gap-2 text-sm">
          <a className="rounded-md border border-line px-3 py-1" href="/api/v1/ops/rules/export?format=prometheus" download>
            Download rule file
          </a>
          <a className="rounded-md border border-line px-3 py-1" href="/api/v1/ops/rules/export?format=promtool-tests" download>
            Download promtool tests
          </a>
        </div>
      </Panel>
      <Toast message={toast} onClose={closeToast} />
    </section>
  );
}
