"use client";

import { useState } from "react";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import type { WebhookOutput } from "@/lib/notifications/schemas";
import { useDeleteWebhook, useTestWebhook, useWebhooks, type TestSendResult } from "./queries";

function describeTest(result: TestSendResult): string {
  if (result.delivered) return `Delivered (the receiver answered ${result.status}).`;
  return `Not delivered: ${result.error ?? "no answer"}.`;
}

/** The configured webhooks with a test send and removal (after a confirmation) each. */
export function WebhookTable() {
  const webhooks = useWebhooks();
  const nowMs = useNow();

  if (webhooks.isPending) return <div aria-label="Loading webhooks" className="h-24 animate-pulse rounded-md bg-surface" />;
  if (webhooks.isError) {
    return (
      <div role="alert" className="space-y-2 text-sm">
        <p className="text-danger">Webhooks could not be loaded: {webhooks.error.message}</p>
        <button type="button" onClick={() => webhooks.refetch()} className="rounded-md border border-line px-2 py-1 text-xs">
          Retry
        </button>
      </div>
    );
  }
  if (webhooks.data.items.length === 0) {
    return <p className="text-sm text-muted">No webhooks yet. Add one below: events of its severities are posted to it, signed, and retried until it answers 2xx.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <thead className="sticky top-0 bg-panel text-xs text-muted">
          <tr>
            <th className="py-2 pr-3 font-medium">Name</th>
            <th className="py-2 pr-3 font-medium">URL</th>
            <th className="py-2 pr-3 font-medium">Body</th>
            <th className="py-2 pr-3 font-medium">Severities</th>
            <th className="py-2 pr-3 font-medium">Added</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {webhooks.data.items.map((webhook) => (
            <WebhookRow key={webhook.id} webhook={webhook} nowMs={nowMs} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WebhookRow({ webhook, nowMs }: { webhook: WebhookOutput; nowMs: number }) {
  const test = useTestWebhook();
  const remove = useDeleteWebhook();
  const [confirming, setConfirming] = useState(false);
  return (
    <tr className="border-t border-line align-top" data-testid="webhook-row">
      <td className="py-2 pr-3 font-medium">{webhook.name}</td>
      <td className="py-2 pr-3 font-mono text-xs">{webhook.urlHint}</td>
      <td className="py-2 pr-3">{webhook.format === "slack" ? "Slack" : "Generic JSON"}</td>
      <td className="py-2 pr-3">{webhook.severities.join(", ")}</td>
      <td className="py-2 pr-3 text-xs text-muted">
        <time dateTime={webhook.createdAt} title={formatTimestamp(webhook.createdAt)}>
          {formatRelative(webhook.createdAt, nowMs)}
        </time>{" "}
        by {webhook.createdByEmail}
      </td>
      <td className="space-y-1 py-2 text-right">
        <div className="flex justify-end gap-2">
          <button type="button" disabled={test.isPending} onClick={() => test.mutate(webhook.id)} className="whitespace-nowrap rounded-md border border-line px-2 py-1 text-xs disabled:opacity-60">
            {test.isPending ? "Sending…" : "Send test"}
          </button>
          {confirming ? (
            <>
              <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(webhook.id)} className="rounded-md bg-danger px-2 py-1 text-xs text-accent-ink disabled:opacity-60">
                {remove.isPending ? "Removing…" : "Remove"}
              </button>
              <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-line px-2 py-1 text-xs">
                Keep
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} className="rounded-md border border-danger px-2 py-1 text-xs text-danger">
              Remove…
            </button>
          )}
        </div>
        <p role="status" className="text-xs text-muted" data-testid="webhook-test-result">
          {test.data ? describeTest(test.data) : test.error ? `Could not send: ${test.error.message}` : remove.error ? `Could not remove: ${remove.error.message}` : ""}
        </p>
      </td>
    </tr>
  );
}
