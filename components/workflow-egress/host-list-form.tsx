"use client";

import { useId, useState, type FormEvent } from "react";
import { FormErrors, SaveDiscard } from "@/components/ui/form-footer";

/**
 * A list of hosts edited as text, one per line. The saved text comes from the server; edits
 * stay local until saved (the textarea keeps its size whether the list is empty or long).
 */
export function HostListForm({
  label,
  hint,
  savedText,
  canEdit,
  isSaving,
  saveError,
  parse,
  onSave,
}: {
  label: string;
  hint: string;
  savedText: string;
  canEdit: boolean;
  isSaving: boolean;
  saveError: string | null;
  parse: (text: string) => { errors: string[] };
  onSave: (text: string, done: () => void) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const text = draft ?? savedText;
  const isDirty = draft !== null && draft !== savedText;

  function submit(event: FormEvent) {
    event.preventDefault();
    const { errors } = parse(text);
    setProblems(errors);
    if (errors.length > 0) return;
    onSave(text, () => setDraft(null));
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-2" aria-label={label}>
      <label htmlFor={`${id}-hosts`} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <textarea
        id={`${id}-hosts`}
        value={text}
        onChange={(event) => setDraft(event.target.value)}
        readOnly={!canEdit}
        rows={8}
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        aria-invalid={problems.length > 0 ? true : undefined}
        className="w-full rounded-md border border-line bg-panel px-2 py-1.5 font-mono text-sm focus-visible:outline-2 focus-visible:outline-accent read-only:opacity-80"
      />
      <p id={`${id}-hint`} className="text-xs text-muted">
        {hint}
      </p>
      <FormErrors messages={[...problems, ...(saveError ? [saveError] : [])]} />
      <SaveDiscard
        canEdit={canEdit}
        isDirty={isDirty}
        isSaving={isSaving}
        saveLabel="Save list"
        onDiscard={() => {
          setDraft(null);
          setProblems([]);
        }}
        status={canEdit ? (isDirty ? "Unsaved changes" : "Saved") : "Read-only: only admins change this list"}
      />
    </form>
  );
}
