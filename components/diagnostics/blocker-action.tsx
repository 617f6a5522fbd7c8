"use client";

import { useState } from "react";
import type { BackendAction } from "@/lib/diagnostics/backend-actions";
import { usePreviewBlockerAction, useRunBlockerAction } from "./queries";

/** Preview → type the pid → run. Shown only to roles that may act; others get the reason. */
export function BlockerAction({ pid, canAct }: { pid: number; canAct: boolean }) {
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<BackendAction>("cancel");
  const [typed, setTyped] = useState("");
  const preview = usePreviewBlockerAction();
  const run = useRunBlockerAction();
  if (!canAct) {
    return (
      <button type="button" disabled className="rounded-md border border-line px-2 py-1 text-xs text-muted" title="only SREs may cancel or terminate sessions">
        Cancel / terminate (SRE only)
      </button>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="rounded-md border border-danger px-2 py-1 text-xs text-danger">
        {`Cancel / terminate pid ${pid}…`}
      </button>
    );
  }
  const confirmed = typed.trim() === String(pid);
  return (
    <div className="mt-2 space-y-2 text-sm" role="group" aria-label={`Act on pid ${pid}`}>
      <fieldset className="flex gap-4">
        <legend className="sr-only">Action</legend>
        {(["cancel", "terminate"] as const).map((choice) => (
          <label key={choice} className="flex items-center gap-1">
            <input type="radio" name={`action-${pid}`} value={choice} checked={action === choice} onChange={() => { setAction(choice); preview.reset(); }} />
            {choice === "cancel" ? "Cancel statement" : "Terminate session"}
          </label>
        ))}
      </fieldset>
      <button type="button" onClick={() => preview.mutate({ pid, action })} className="rounded-md border border-line px-2 py-1 text-xs">
        Preview
      </button>
      {preview.error ? <p role="alert" className="text-danger">{preview.error.message}</p> : null}
      {preview.data ? (
        <div className="space-y-2 rounded border border-line p-2" data-testid="blocker-preview">
          <p>{preview.data.effect}</p>
          <p>
            {`pid ${preview.data.pid} (${preview.data.session.applicationName}, ${preview.data.session.state}): `}
            <code className="break-all">{preview.data.session.query}</code>
          </p>
          <p>{`Unblocks: ${preview.data.unblocks.map((session) => `pid ${session.pid}`).join(", ") || "nothing"}`}</p>
          <p className="text-xs text-muted">Running it may ask for your password.</p>
          <label className="flex items-center gap-2">
            {`Type ${pid} to confirm`}
            <input value={typed} onChange={(event) => setTyped(event.target.value)} inputMode="numeric" className="w-24 rounded border border-line bg-surface px-1" />
          </label>
          <button
            type="button"
            disabled={!confirmed || run.isPending}
            title={confirmed ? undefined : "type the pid to confirm"}
            onClick={() => run.mutate({ pid, action, confirmPid: Number(typed) })}
            className="rounded-md bg-danger px-2 py-1 text-xs text-white disabled:opacity-50"
          >
            {action === "cancel" ? `Cancel pid ${pid}` : `Terminate pid ${pid}`}
          </button>
        </div>
      ) : null}
      {run.error ? <p role="alert" className="text-danger">{run.error.message}</p> : null}
      {run.data ? <p role="status">{`${run.data.action} sent to pid ${run.data.pid}: ${run.data.signalled ? "signalled" : "no such session any more"} (logged as ${run.data.actor})`}</p> : null}
    </div>
  );
}
