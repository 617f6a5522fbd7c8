"use client";

import { useState, type ReactNode } from "react";

const button = "rounded-md border px-2 py-0.5 text-xs focus-visible:outline-2 focus-visible:outline-accent disabled:opacity-50";

/**
 * A row's destructive action in two steps: the button, then what it will do with "… now" and
 * Cancel in its place. The confirm button takes the focus, so Enter confirms and Tab reaches Cancel.
 */
export function InlineConfirm({
  label,
  ariaLabel,
  confirmLabel,
  confirmAriaLabel,
  pendingLabel,
  consequence,
  isPending,
  error,
  onConfirm,
}: {
  label: string;
  ariaLabel: string;
  confirmLabel: string;
  confirmAriaLabel: string;
  pendingLabel: string;
  consequence?: ReactNode;
  isPending: boolean;
  error: string | null;
  onConfirm: () => void;
}) {
  const [isConfirming, setConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} aria-label={ariaLabel} className={`${button} border-line`}>
        {label}
      </button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-1">
      {consequence ? <span className="w-full text-right text-xs text-muted">{consequence}</span> : null}
      <button type="button" autoFocus disabled={isPending} onClick={onConfirm} aria-label={confirmAriaLabel} className={`${button} border-danger bg-danger text-accent-ink`}>
        {isPending ? pendingLabel : confirmLabel}
      </button>
      <button type="button" onClick={() => setConfirming(false)} className={`${button} border-line`}>
        Cancel
      </button>
      {error ? (
        <span role="alert" className="w-full text-right text-xs text-danger">
          {error}
        </span>
      ) : null}
    </span>
  );
}
