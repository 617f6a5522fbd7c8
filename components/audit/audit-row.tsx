"use client";

import { Fragment, useState } from "react";
import type { AuditEntryOutput } from "@/lib/audit/schemas";
import { diffJson } from "./diff";

const KIND_STYLES = { added: "text-ok", removed: "text-danger", changed: "text-ink font-medium", same: "text-muted" } as const;

function DiffTable({ entry }: { entry: AuditEntryOutput }) {
  const rows = diffJson(entry.before, entry.after);
  if (rows.length === 0) return <p className="text-xs text-muted">No before/after recorded for this action.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs" aria-label={`Before and after of entry ${entry.seq}`}>
        <thead>
          <tr className="text-left text-muted">
            <th className="py-1 pr-3 font-medium">Field</th>
            <th className="py-1 pr-3 font-medium">Before</th>
            <th className="py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} className={KIND_STYLES[row.kind]}>
              <td className="py-0.5 pr-3 font-mono">{row.path}</td>
              <td className="py-0.5 pr-3 font-mono break-all">{row.before ?? "—"}</td>
              <td className="py-0.5 font-mono break-all">
                {row.after ?? "—"}
                {row.kind !== "same" ? <span className="ml-1 font-sans text-muted">({row.kind})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One entry as a table row; its button opens the before/after diff and the chain hashes below it. */
export function AuditRow({ entry, showTenant }: { entry: AuditEntryOutput; showTenant: boolean }) {
  const [open, setOpen] = useState(false);
  const at = new Date(entry.at);
  return (
    <Fragment>
      <tr className="border-t border-line align-top" data-testid={`audit-row-${entry.seq}`}>
        <td className="py-1.5 pr-3 text-right tabular-nums">{entry.seq}</td>
        <td className="py-1.5 pr-3 whitespace-nowrap" title={at.toISOString()}>
          {at.toLocaleString()}
        </td>
        <td className="py-1.5 pr-3 break-all">{entry.actorEmail}</td>
        <td className="py-1.5 pr-3 font-mono text-xs">{entry.action}</td>
        <td className="py-1.5 pr-3 break-all text-xs">{entry.target}</td>
        {showTenant ? (
          <td className="py-1.5 pr-3 text-xs" title={entry.tenantId ?? "the platform itself"}>
            {entry.tenantName ?? <span className="text-muted">platform</span>}
          </td>
        ) : null}
        <td className="py-1.5">
          <button type="button" onClick={() => setOpen((value) => !value)} aria-expanded={open} className="rounded border border-line px-2 py-0.5 text-xs">
            {open ? "Hide" : "Details"}
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={showTenant ? 7 : 6} className="bg-surface px-3 py-2">
            <DiffTable entry={entry} />
            <p className="mt-2 font-mono text-xs break-all text-muted">
              request {entry.requestId} · actor id {entry.actorUserId} · prev {entry.prevHash} · hash {entry.hash}
            </p>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
