"use client";

import { useState, type FormEvent } from "react";
import { formatValue } from "@/components/ops/format";
import type { SignalUnit } from "@/lib/metrics/signals";
import type { ItemOutput } from "@/lib/checklists/schemas";
import { fieldErrorOf, useUpdateItem, useVerifyItem } from "./queries";

type Props = { runId: string; item: ItemOutput; canEdit: boolean; readOnlyReason: string | null };

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

/** Evidence as chips: the note, the link, the metrics snapshot and, for verified items, the frozen check. */
function EvidenceChips({ item }: { item: ItemOutput }) {
  const chip = "inline-flex max-w-full items-center gap-1 rounded border border-line bg-surface px-1.5 py-0.5 text-xs";
  return (
    <div className="mt-1 flex flex-wrap gap-1.5">
      {item.verification ? (
        <span className={chip} title={`${item.verification.query}${item.verification.window ? `; ${item.verification.window.from} → ${item.verification.window.to}` : ""}`} data-testid="verification-chip">
          <span className="font-medium text-ok">Verified</span> {item.verification.detail} · {when(item.verification.at)}
        </span>
      ) : null}
      {item.note ? <span className={`${chip} whitespace-pre-wrap`}>Note: {item.note}</span> : null}
      {item.link ? (
        <a className={`${chip} text-accent underline`} href={item.link} target="_blank" rel="noreferrer noopener">
          Link: {item.link.replace(/^https?:\/\//, "").slice(0, 48)}
        </a>
      ) : null}
      {item.metrics ? (
        <span className={chip} title={`snapshot at ${item.metrics.at} (${item.metrics.source})`}>
          Metrics at {new Date(item.metrics.at).toLocaleTimeString()}:{" "}
          {item.metrics.metrics
            .filter((metric) => metric.value !== null)
            .slice(0, 4)
            .map((metric) => `${metric.label} ${formatValue(metric.unit as SignalUnit, metric.value)}`)
            .join(" · ") || "no data"}
        </span>
      ) : null}
    </div>
  );
}

function EvidenceForm({ runId, item, onDone }: { runId: string; item: ItemOutput; onDone: () => void }) {
  const update = useUpdateItem();
  const [note, setNote] = useState(item.note ?? "");
  const [link, setLink] = useState(item.link ?? "");
  const [attachMetrics, setAttachMetrics] = useState(false);
  const linkError = fieldErrorOf(update.error, "json.link");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ runId, key: item.key, input: { done: item.done, note: note.trim() || null, link: link.trim() || null, attachMetrics } }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="mt-2 grid gap-2 rounded border border-line p-2 sm:grid-cols-[1fr_1fr_auto]" aria-label={`Evidence for ${item.label}`}>
      <label className="flex flex-col gap-1 text-xs">
        Note
        <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={2} maxLength={2000} className="rounded border border-line bg-surface px-2 py-1 text-sm" />
      </label>
      <label className="flex flex-col gap-1 text-xs">
        Link (https://…)
        <input value={link} onChange={(event) => setLink(event.target.value)} aria-invalid={linkError ? true : undefined} className="rounded border border-line bg-surface px-2 py-1 text-sm" />
        {linkError ? <span className="text-danger">{linkError}</span> : null}
      </label>
      <div className="flex flex-col justify-end gap-2 text-xs">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={attachMetrics} onChange={(event) => setAttachMetrics(event.target.checked)} />
          Attach current metrics
        </label>
        <button type="submit" disabled={update.isPending} className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink disabled:opacity-50">
          {update.isPending ? "Saving…" : "Save evidence"}
        </button>
      </div>
      {update.error && !linkError ? (
        <p role="alert" className="text-xs text-danger sm:col-span-3">
          {update.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** One checklist item: its state, who did it when, its evidence, and the controls the viewer may use. */
export function ItemRow({ runId, item, canEdit, readOnlyReason }: Props) {
  const update = useUpdateItem();
  const verify = useVerifyItem();
  const [editing, setEditing] = useState(false);
  const [pendingDone, setPendingDone] = useState<boolean | null>(null);
  const disabledReason = readOnlyReason ?? (canEdit ? null : "only SREs and admins tick items");
  const checkboxId = `item-${runId}-${item.key}`;
  const error = update.error ?? verify.error;

  return (
    <li className="border-t border-line py-2 first:border-t-0" data-testid={`item-${item.key}`}>
      <div className="flex items-start gap-3">
        <input
          id={checkboxId}
          type="checkbox"
          className="mt-1 size-4"
          checked={pendingDone ?? item.done}
          // Verified items are done through Verify; unticking one clears its frozen evidence.
          disabled={disabledReason !== null || update.isPending || (item.check !== null && !item.done)}
          title={disabledReason ?? (item.check && !item.done ? "verified from live data: use Verify" : undefined)}
          onChange={(event) => {
            // Shown at once (a controlled box would snap back until the server answers); the
            // refreshed item, or a refusal, settles it.
            setPendingDone(event.target.checked);
            update.mutate({ runId, key: item.key, input: { done: event.target.checked } }, { onSettled: () => setPendingDone(null) });
          }}
        />
        <div className="min-w-0 flex-1">
          <label htmlFor={checkboxId} className={`text-sm ${item.done ? "" : "font-medium"}`}>
            {item.label}
          </label>
          <p className="text-xs text-muted">
            {item.done ? `Done by ${item.doneBy ?? "?"} · ${when(item.doneAt)}` : "Not done"}
            {item.checkDescription ? ` · auto-verified: ${item.checkDescription}` : ""}
          </p>
          <EvidenceChips item={item} />
          {error ? (
            <p role="alert" className="mt-1 text-xs text-danger">
              {error.message}
            </p>
          ) : null}
          {editing ? <EvidenceForm runId={runId} item={item} onDone={() => setEditing(false)} /> : null}
        </div>
        <div className="flex shrink-0 gap-2">
          {item.check && !item.done ? (
            <button
              type="button"
              onClick={() => verify.mutate({ runId, key: item.key })}
              disabled={disabledReason !== null || verify.isPending}
              title={disabledReason ?? undefined}
              className="rounded-md border border-line px-2 py-1 text-xs font-medium disabled:opacity-50"
            >
              {verify.isPending ? "Verifying…" : "Verify"}
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => setEditing((open) => !open)}
            disabled={disabledReason !== null}
            title={disabledReason ?? undefined}
            aria-expanded={editing}
            className="rounded-md border border-line px-2 py-1 text-xs disabled:opacity-50"
          >
            Evidence
          </button>
        </div>
      </div>
    </li>
  );
}
