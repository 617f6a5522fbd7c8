"use client";

import { useState } from "react";
import { HTTP_METHODS, type StepType, type WorkflowOutput } from "@/lib/workflows/schemas";
import { ProblemError } from "./api";
import {
  changeStepType,
  draftFromWorkflow,
  emptyDraft,
  errorAt,
  newStep,
  STEP_FIELDS,
  STEP_TYPE_LABELS,
  STEP_TYPES,
  toDefinition,
  unplacedErrors,
  type DefinitionDraft,
  type FieldErrors,
  type StepDraft,
} from "./definition-draft";
import { useSaveWorkflow } from "./queries";

const inputClass = "w-full rounded-md border border-line bg-panel px-2 py-1 text-sm aria-[invalid=true]:border-danger";

/** Creates or edits a definition; errors (the form's own and the API's) appear on their field. */
export function DefinitionEditor({ workflow, onClose, onSaved }: { workflow: WorkflowOutput | null; onClose: () => void; onSaved: (saved: WorkflowOutput) => void }) {
  const [draft, setDraft] = useState<DefinitionDraft>(() => (workflow ? draftFromWorkflow(workflow) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveWorkflow();

  const updateStep = (index: number, change: (step: StepDraft) => StepDraft) => setDraft((current) => ({ ...current, steps: current.steps.map((step, at) => (at === index ? change(step) : step)) }));
  const moveStep = (index: number, by: -1 | 1) =>
    setDraft((current) => {
      const steps = [...current.steps];
      const [step] = steps.splice(index, 1);
      steps.splice(index + by, 0, step!);
      return { ...current, steps };
    });

  const submit = () => {
    const { definition, errors: local } = toDefinition(draft);
    setErrors(local);
    setFormError(Object.keys(local).length > 0 ? "Fix the marked fields first." : null);
    if (Object.keys(local).length > 0) return;
    save.mutate(
      { id: workflow?.id ?? null, definition },
      {
        onSuccess: (saved) => onSaved(saved),
        onError: (error) => {
          const fields = error instanceof ProblemError ? Object.fromEntries(error.fields.map((field) => [field.path, field.message])) : {};
          setErrors(fields);
          // With fields named, they carry the message; the problem's detail repeats them in API terms.
          setFormError(Object.keys(fields).length > 0 ? "Not saved: fix the marked fields." : `Not saved: ${error.message}`);
        },
      },
    );
  };

  const leftover = unplacedErrors(errors, draft);
  return (
    <form
      className="space-y-4 rounded-lg border border-line bg-panel p-4"
      aria-label={workflow ? `Edit ${workflow.name}` : "New workflow"}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <header className="flex items-baseline justify-between gap-3">
        <h2 className="text-lg font-semibold">{workflow ? `Edit “${workflow.name}”` : "New workflow"}</h2>
        <span className="text-xs text-muted">Steps run in order; each gets the previous step&apos;s output.</span>
      </header>
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="Name" error={errors.name} htmlFor="wf-name">
          <input id="wf-name" className={inputClass} value={draft.name} aria-invalid={errors.name ? true : undefined} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
        </Field>
        <Field label="Description (optional)" error={errors.description} htmlFor="wf-description">
          <input id="wf-description" className={inputClass} value={draft.description} onChange={(event) => setDraft({ ...draft, description: event.target.value })} />
        </Field>
      </div>
      <ol className="space-y-3">
        {draft.steps.map((step, index) => (
          <li key={step.key} className="rounded-md border border-line p-3" aria-label={`Step ${index + 1}: ${step.id}`} data-testid={`step-${index}`}>
            <div className="mb-2 flex flex-wrap items-end gap-2">
              <span className="pb-1 text-sm font-semibold tabular-nums">{index + 1}.</span>
              <Field label="Step id" error={errors[`steps.${index}.id`]} htmlFor={`${step.key}-id`} className="w-48">
                <input id={`${step.key}-id`} className={inputClass} value={step.id} aria-invalid={errors[`steps.${index}.id`] ? true : undefined} onChange={(event) => updateStep(index, (current) => ({ ...current, id: event.target.value }))} />
              </Field>
              <Field label="Type" htmlFor={`${step.key}-type`} className="w-44">
                <select id={`${step.key}-type`} className={inputClass} value={step.type} onChange={(event) => updateStep(index, (current) => changeStepType(current, event.target.value as StepType))}>
                  {STEP_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {STEP_TYPE_LABELS[type]}
                    </option>
                  ))}
                </select>
              </Field>
              <div className="ml-auto flex gap-1 pb-0.5">
                <button type="button" className="rounded border border-line px-2 py-0.5 text-xs disabled:opacity-40" disabled={index === 0} onClick={() => moveStep(index, -1)} aria-label={`Move step ${step.id} up`}>
                  ↑
                </button>
                <button type="button" className="rounded border border-line px-2 py-0.5 text-xs disabled:opacity-40" disabled={index === draft.steps.length - 1} onClick={() => moveStep(index, 1)} aria-label={`Move step ${step.id} down`}>
                  ↓
                </button>
                <button
                  type="button"
                  className="rounded border border-line px-2 py-0.5 text-xs text-danger disabled:opacity-40"
                  disabled={draft.steps.length === 1}
                  title={draft.steps.length === 1 ? "A workflow needs at least one step" : undefined}
                  onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, at) => at !== index) })}
                >
                  Remove
                </button>
              </div>
            </div>
            <div className="grid gap-2 md:grid-cols-2">
              {STEP_FIELDS[step.type].map((field) => {
                const path = `steps.${index}.config.${field.name}`;
                const error = errorAt(errors, path);
                const id = `${step.key}-${field.name}`;
                const value = step.fields[field.name] ?? "";
                const onChange = (text: string) => updateStep(index, (current) => ({ ...current, fields: { ...current.fields, [field.name]: text } }));
                const wide = field.kind === "json" || field.kind === "lines";
                return (
                  <Field key={field.name} label={`${field.label}${field.optional ? " (optional)" : ""}`} hint={field.hint} error={error} htmlFor={id} className={wide ? "md:col-span-2" : ""}>
                    {field.kind === "method" ? (
                      <select id={id} className={inputClass} value={value} onChange={(event) => onChange(event.target.value)}>
                        {HTTP_METHODS.map((method) => (
                          <option key={method}>{method}</option>
                        ))}
                      </select>
                    ) : wide ? (
                      <textarea id={id} rows={3} className={`${inputClass} font-mono`} value={value} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} />
                    ) : (
                      <input id={id} inputMode={field.kind === "number" ? "numeric" : undefined} className={inputClass} value={value} aria-invalid={error ? true : undefined} onChange={(event) => onChange(event.target.value)} />
                    )}
                  </Field>
                );
              })}
            </div>
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-muted">Add a step:</span>
        {STEP_TYPES.map((type) => (
          <button key={type} type="button" className="rounded-md border border-line px-2 py-1 text-sm" onClick={() => setDraft({ ...draft, steps: [...draft.steps, newStep(type, draft.steps)] })}>
            {`+ ${STEP_TYPE_LABELS[type]}`}
          </button>
        ))}
      </div>
      {formError || leftover.length > 0 ? (
        <div role="alert" className="rounded-md border border-danger/40 p-3 text-sm text-danger">
          {formError ? <p>{formError}</p> : null}
          {leftover.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {leftover.map(([path, message]) => (
                <li key={path}>{`${path}: ${message}`}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <footer className="flex gap-2">
        <button type="submit" disabled={save.isPending} className="rounded-md bg-accent px-3 py-1.5 text-sm text-accent-ink disabled:opacity-50">
          {save.isPending ? "Saving…" : workflow ? "Save changes" : "Create workflow"}
        </button>
        <button type="button" onClick={onClose} className="rounded-md border border-line px-3 py-1.5 text-sm">
          Cancel
        </button>
      </footer>
    </form>
  );
}

function Field({ label, hint, error, htmlFor, className = "", children }: { label: string; hint?: string; error?: string; htmlFor: string; className?: string; children: React.ReactNode }) {
  const errorId = `${htmlFor}-error`;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={htmlFor} className="text-xs font-medium text-muted">
        {label}
      </label>
      {children}
      {error ? (
        <p id={errorId} className="text-xs text-danger" data-testid="field-error">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted">{hint}</p>
      ) : null}
    </div>
  );
}
