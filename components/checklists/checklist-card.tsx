"use client";

import type { EventDetail, RunOutput } from "@/lib/checklists/schemas";
import { ItemRow } from "./item-row";
import { ProgressBar } from "./progress-bar";
import { SignOffPanel } from "./sign-off-panel";
import { RunStatusBadge } from "./status-badge";

type Checklist = EventDetail["checklists"][number];

function RevisionHistory({ history, current }: { history: RunOutput[]; current: RunOutput }) {
  if (history.length < 2) return null;
  return (
    <details className="mt-3 text-xs">
      <summary className="cursor-pointer text-muted">History: {history.length} revisions</summary>
      <ol className="mt-1 space-y-1">
        {[...history].reverse().map((revision) => (
          <li key={revision.id} className={revision.id === current.id ? "font-medium" : ""}>
            Revision {revision.revision}: {revision.status === "signed" ? `signed by ${revision.signedBy} at ${new Date(revision.signedAt!).toLocaleString()}` : "open"}
            {revision.reopenReason ? ` · re-opened by ${revision.openedBy}: “${revision.reopenReason}”` : ""}
            {revision.evidenceDigest ? <span className="font-mono text-muted"> · sha256 {revision.evidenceDigest.slice(0, 16)}…</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** One checklist's current revision: progress, items, sign-off, and its earlier revisions. */
export function ChecklistCard({ checklist, permissions }: { checklist: Checklist; permissions: EventDetail["permissions"] }) {
  const run = checklist.current;
  const isSigned = run.status === "signed";
  const readOnlyReason = isSigned ? `signed by ${run.signedBy}; re-open it to change it` : null;
  return (
    <section className={`rounded-lg border border-line bg-panel p-4 ${isSigned ? "opacity-90" : ""}`} aria-label={checklist.title} data-testid={`checklist-${checklist.kind}`}>
      <header className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">
          {checklist.title} <span className="font-normal text-muted">· revision {run.revision}</span>
        </h3>
        <RunStatusBadge status={run.status} />
      </header>
      <ProgressBar done={run.progress.done} total={run.progress.total} label={`${checklist.title} progress`} />
      {run.reopenReason ? <p className="mt-2 text-xs text-muted">Re-opened by {run.openedBy}: “{run.reopenReason}”</p> : null}
      {!isSigned && !permissions.canEdit && permissions.editReason ? <p className="mt-2 rounded bg-line/60 px-2 py-1 text-xs">Items are read-only for you: {permissions.editReason}.</p> : null}
      <ul className="mt-2">
        {run.items.map((item) => (
          <ItemRow key={item.key} runId={run.id} item={item} canEdit={permissions.canEdit} readOnlyReason={readOnlyReason} />
        ))}
      </ul>
      <SignOffPanel run={run} permissions={permissions} />
      <RevisionHistory history={checklist.history} current={run} />
    </section>
  );
}
