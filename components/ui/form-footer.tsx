import type { ReactNode } from "react";

/** Problems that belong to the whole form rather than one field, announced to screen readers. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div role="alert" className="text-xs text-danger">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/**
 * Save and discard for an edit form: save is enabled only for an editor with unsaved changes,
 * discard shows only then, and a status line says where the form stands.
 */
export function SaveDiscard({
  canEdit,
  isDirty,
  isSaving,
  saveLabel,
  onDiscard,
  status,
}: {
  canEdit: boolean;
  isDirty: boolean;
  isSaving: boolean;
  saveLabel: string;
  onDiscard: () => void;
  status: ReactNode;
}) {
  return (
    <div className="flex items-center gap-3">
      <button type="submit" disabled={!canEdit || !isDirty || isSaving} className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink disabled:cursor-not-allowed disabled:opacity-50">
        {isSaving ? "Saving…" : saveLabel}
      </button>
      {isDirty && canEdit ? (
        <button type="button" onClick={onDiscard} className="rounded-md border border-line px-3 py-1 text-sm">
          Discard
        </button>
      ) : null}
      <p className="text-xs text-muted" role="status">
        {status}
      </p>
    </div>
  );
}
