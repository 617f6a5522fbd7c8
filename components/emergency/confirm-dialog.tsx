"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";

/**
 * The last gate before a procedure runs: type its name (and acknowledge data loss when it can
 * lose writes). The idempotency key is made when the dialog opens, so a double submit is one run.
 */
export function ConfirmDialog({
  open,
  name,
  requiresDataLossAcknowledgement,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  name: string;
  requiresDataLossAcknowledgement: boolean;
  pending: boolean;
  error: string | null;
  onConfirm: (confirmation: { typed: string; dataLossAcknowledged: boolean }) => void;
  onCancel: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // One dialog per procedure card: the title's id must be unique on the page.
  const titleId = useId();
  const [typed, setTyped] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setTyped("");
      setAcknowledged(false);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = dialogRef.current;
    const onClose = () => onCancel();
    dialog?.addEventListener("cancel", onClose);
    return () => dialog?.removeEventListener("cancel", onClose);
  }, [onCancel]);

  const matches = typed.trim() === name;
  const ready = matches && (!requiresDataLossAcknowledgement || acknowledged);
  const why = !matches ? `type "${name}" to confirm` : !ready ? "acknowledge the possible data loss" : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (ready && !pending) onConfirm({ typed, dataLossAcknowledged: acknowledged });
  }

  return (
    <dialog ref={dialogRef} aria-labelledby={titleId} className="m-auto w-full max-w-md rounded-lg border border-line bg-panel p-6 shadow-xl backdrop:bg-black/40">
      <form onSubmit={submit} className="space-y-4">
        <h2 id={titleId} className="text-base font-semibold">{`Run “${name}”?`}</h2>
        <p className="text-sm text-muted">This changes production now. You may be asked for your password next.</p>
        <label className="block text-sm font-medium">
          {`Type ${name} to confirm`}
          <input
            name="confirmation"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            className="mt-1 block w-full rounded-md border border-line bg-panel px-3 py-2 text-sm"
          />
        </label>
        {requiresDataLossAcknowledgement ? (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={acknowledged} onChange={(event) => setAcknowledged(event.target.checked)} className="mt-1" />
            I understand this can lose writes the old primary acknowledged but the replica had not replayed.
          </label>
        ) : null}
        <p role="alert" className="min-h-5 text-sm text-danger">
          {error}
        </p>
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onCancel} className="rounded-md border border-line px-4 py-2 text-sm">
            Cancel
          </button>
          <button type="submit" disabled={!ready || pending} title={why} className="rounded-md bg-danger px-4 py-2 text-sm font-medium text-white disabled:opacity-50">
            {pending ? "Starting…" : "Run now"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
