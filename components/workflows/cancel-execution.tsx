"use client";

import { useState } from "react";
import { useCancelExecution } from "./queries";

const button = "rounded-md border px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:opacity-50";

/**
 * Cancelling asks first and says what it does: finished steps stay finished, the running step
 * stops at its next checkpoint, and a cancelled run cannot be resumed (start a new one).
 */
export function CancelExecution({ executionId, disabledReason }: { executionId: string; disabledReason: string | null }) {
  const cancel = useCancelExecution(executionId);
  const [isConfirming, setConfirming] = useState(false);
  if (disabledReason !== null || !isConfirming) {
    return (
      <div className="flex flex-col items-end gap-1">
        <button
          type="button"
          disabled={disabledReason !== null}
          title={disabledReason ?? undefined}
          onClick={() => setConfirming(true)}
          className={`${button} border-danger text-danger`}
        >
          Cancel execution
        </button>
        {disabledReason ? <span className="text-xs text-muted">{disabledReason}</span> : null}
      </div>
    );
  }
  return (
    <div role="group" aria-label="Confirm cancellation" className="flex max-w-xs flex-col items-end gap-2 rounded-md border border-danger/40 p-3 text-right">
      <p className="text-sm">Stop this run? Finished steps stay done; the running step stops at its next checkpoint. A cancelled run cannot be resumed.</p>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={() => setConfirming(false)} className={`${button} border-line`}>
          Keep running
        </button>
        <button type="button" autoFocus disabled={cancel.isPending} onClick={() => cancel.mutate(undefined, { onSuccess: () => setConfirming(false) })} className={`${button} border-danger bg-danger text-accent-ink`}>
          {cancel.isPending ? "Stopping…" : "Stop the run"}
        </button>
      </div>
      {cancel.error ? (
        <span role="alert" className="text-xs text-danger">
          {cancel.error.message}
        </span>
      ) : null}
    </div>
  );
}
