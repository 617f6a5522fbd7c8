"use client";

import { useState, type FormEvent } from "react";
import { useStepUp } from "@/components/auth/step-up-dialog";
import type { RunOutput } from "@/lib/checklists/schemas";
import { useReopen, useSignOff } from "./queries";

type Permissions = { canSignOff: boolean; signOffReason: string | null; canReopen: boolean };

function ReopenForm({ run }: { run: RunOutput }) {
  const reopen = useReopen();
  const [reason, setReason] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reopen.mutate({ runId: run.id, reason });
  };
  return (
    <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-2" aria-label={`Re-open ${run.title}`}>
      <label className="flex min-w-64 flex-1 flex-col gap-1 text-xs">
        Reason for re-opening
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} className="rounded border border-line bg-surface px-2 py-1 text-sm" />
      </label>
      <button type="submit" disabled={reopen.isPending || reason.trim().length < 3} className="rounded-md border border-line px-3 py-1 text-sm disabled:opacity-50">
        {reopen.isPending ? "Re-opening…" : `Re-open as revision ${run.revision + 1}`}
      </button>
      {reopen.error ? (
        <p role="alert" className="w-full text-xs text-danger">
          {reopen.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** Who may sign, what is missing, and after signing: the signer, the time and the evidence digest. */
export function SignOffPanel({ run, permissions }: { run: RunOutput; permissions: Permissions }) {
  const signOff = useSignOff();
  const { ensureRecentPassword } = useStepUp();
  const missing = run.items.filter((item) => !item.done);
  const disabledReason = !permissions.canSignOff ? permissions.signOffReason : missing.length > 0 ? `${missing.length} item${missing.length === 1 ? "" : "s"} still open` : null;

  const sign = async () => {
    if (!(await ensureRecentPassword())) return;
    signOff.mutate(run.id);
  };

  if (run.status === "signed") {
    return (
      <div className="mt-3 rounded-md border border-ok/40 bg-ok/5 p-3 text-sm" data-testid="sign-off-record">
        <p>
          <span className="font-medium">Signed by {run.signedBy}</span> at {run.signedAt ? new Date(run.signedAt).toLocaleString() : "?"} · revision {run.revision} is read-only.
        </p>
        <p className="mt-1 break-all font-mono text-xs text-muted">
          evidence sha256 {run.evidenceDigest} · {run.digestMatches ? "matches the stored bundle" : "DOES NOT match the stored bundle"}
          {run.signAuditId ? ` · audit entry ${run.signAuditId}` : ""}
        </p>
        {permissions.canReopen ? <ReopenForm run={run} /> : null}
      </div>
    );
  }

  return (
    <div className="mt-3 rounded-md border border-line p-3 text-sm" aria-label={`Sign-off for ${run.title}`}>
      <p className="text-xs text-muted">Manager sign-off: only the manager role signs, once every item is done, after re-entering the password. The evidence bundle&apos;s digest goes into the audit chain.</p>
      {missing.length > 0 ? <p className="mt-1 text-xs">Missing: {missing.map((item) => item.label).join("; ")}</p> : null}
      <div className="mt-2 flex items-center gap-3">
        <button
          type="button"
          onClick={() => void sign()}
          disabled={disabledReason !== null || signOff.isPending}
          className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink disabled:cursor-not-allowed disabled:opacity-50"
        >
          {signOff.isPending ? "Signing…" : "Sign off"}
        </button>
        {disabledReason ? <span className="text-xs text-muted">Disabled: {disabledReason}</span> : null}
      </div>
      {signOff.error ? (
        <p role="alert" className="mt-1 text-xs text-danger">
          {signOff.error.message}
        </p>
      ) : null}
    </div>
  );
}
