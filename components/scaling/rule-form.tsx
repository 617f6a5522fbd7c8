"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import type { RuleOutput, UpdateRuleResponse } from "@/lib/scaling/rules/schemas";
import { RuleSaveError, useUpdateRule } from "./queries";
import { formatDuration } from "./rule-view";
import { FormErrors, SaveDiscard } from "@/components/ui/form-footer";

type Field = "threshold" | "forSeconds" | "keepFiringForSeconds" | "severity" | "enabled";
type Draft = Partial<Record<Field, string | boolean>>;

const FIELD_OF_PATH: Record<string, Field> = {
  "json.threshold": "threshold",
  "json.forSeconds": "forSeconds",
  "json.keepFiringForSeconds": "keepFiringForSeconds",
  "json.severity": "severity",
  "json.enabled": "enabled",
};

const toNumber = (text: string) => (text.trim() === "" ? null : Number(text));

function FieldRow({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_1fr] items-start gap-x-2 gap-y-0.5">
      <label htmlFor={id} className="pt-1 text-xs text-muted">
        {label}
      </label>
      <div>
        {children}
        {error ? (
          <p id={`${id}-error`} className="mt-0.5 text-xs text-danger">
            {error}
          </p>
        ) : hint ? (
          <p className="mt-0.5 text-xs text-muted">{hint}</p>
        ) : null}
      </div>
    </div>
  );
}

const INPUT = "w-24 rounded-md border border-line bg-panel px-2 py-1 text-sm tabular-nums disabled:bg-surface disabled:text-muted aria-[invalid=true]:border-danger";

/** Edits a rule's threshold, timing, severity and enabled flag; read-only with the reason for others. */
export function RuleForm({ rule, canEdit, reason, onSaved }: { rule: RuleOutput; canEdit: boolean; reason: string | null; onSaved: (result: UpdateRuleResponse) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>({});
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const mutation = useUpdateRule();
  const text = (field: "threshold" | "forSeconds" | "keepFiringForSeconds") => (draft[field] as string | undefined) ?? String(rule[field]);
  const severity = (draft.severity as string | undefined) ?? rule.severity;
  const enabled = (draft.enabled as boolean | undefined) ?? rule.enabled;
  const isDirty = text("threshold") !== String(rule.threshold) || text("forSeconds") !== String(rule.forSeconds) || text("keepFiringForSeconds") !== String(rule.keepFiringForSeconds) || severity !== rule.severity || enabled !== rule.enabled;

  const error = mutation.error;
  const fieldErrors = new Map<Field, string>();
  const formErrors: string[] = [];
  if (error instanceof RuleSaveError && error.fieldErrors.length > 0) {
    for (const entry of error.fieldErrors) {
      const field = FIELD_OF_PATH[entry.path];
      if (field) fieldErrors.set(field, fieldErrors.get(field) ?? entry.message);
      else formErrors.push(entry.message);
    }
  } else if (error) {
    formErrors.push(error.message);
  }

  const change = (field: Field, value: string | boolean) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setSavedAt(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(
      { id: rule.id, input: { threshold: toNumber(text("threshold")), forSeconds: toNumber(text("forSeconds")), keepFiringForSeconds: toNumber(text("keepFiringForSeconds")), severity, enabled } },
      {
        onSuccess: (result) => {
          setDraft({});
          setSavedAt(result.audit?.at ?? null);
          onSaved(result);
        },
      },
    );
  };

  const unitText = rule.unit === "percent" ? "%" : "s";
  const seconds = (field: "forSeconds" | "keepFiringForSeconds") => {
    const value = toNumber(text(field));
    return value !== null && Number.isFinite(value) ? `= ${formatDuration(value)}` : undefined;
  };
  const invalid = (field: Field) => ({ "aria-invalid": fieldErrors.has(field) || undefined, "aria-describedby": fieldErrors.has(field) ? `${id}-${field}-error` : reason && !canEdit ? `${id}-reason` : undefined });

  return (
    <form onSubmit={submit} aria-label={`Edit ${rule.label} rule`} className="flex flex-col gap-2 rounded-md border border-line bg-surface p-3" noValidate>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">Edit rule</h3>
      {!canEdit && reason ? (
        <p id={`${id}-reason`} className="rounded bg-line/60 px-2 py-1 text-xs text-ink">
          Read-only: {reason}.
        </p>
      ) : null}
      <fieldset disabled={!canEdit || mutation.isPending} className="flex flex-col gap-2">
        <FieldRow id={`${id}-threshold`} label={`Threshold (${unitText})`} error={fieldErrors.get("threshold")} hint={`${rule.comparator} this value triggers; ${rule.thresholdRange.min}–${rule.thresholdRange.max} ${unitText}`}>
          <input id={`${id}-threshold`} name="threshold" type="number" step="any" inputMode="decimal" value={text("threshold")} onChange={(event) => change("threshold", event.target.value)} className={INPUT} {...invalid("threshold")} />
        </FieldRow>
        <FieldRow id={`${id}-forSeconds`} label="For (s)" error={fieldErrors.get("forSeconds")} hint={seconds("forSeconds")}>
          <input id={`${id}-forSeconds`} name="forSeconds" type="number" min={0} step={1} value={text("forSeconds")} onChange={(event) => change("forSeconds", event.target.value)} className={INPUT} {...invalid("forSeconds")} />
        </FieldRow>
        <FieldRow id={`${id}-keepFiringForSeconds`} label="Keep firing for (s)" error={fieldErrors.get("keepFiringForSeconds")} hint={seconds("keepFiringForSeconds")}>
          <input id={`${id}-keepFiringForSeconds`} name="keepFiringForSeconds" type="number" min={0} step={1} value={text("keepFiringForSeconds")} onChange={(event) => change("keepFiringForSeconds", event.target.value)} className={INPUT} {...invalid("keepFiringForSeconds")} />
        </FieldRow>
        <FieldRow id={`${id}-severity`} label="Severity" error={fieldErrors.get("severity")}>
          <select id={`${id}-severity`} name="severity" value={severity} onChange={(event) => change("severity", event.target.value)} className={INPUT} {...invalid("severity")}>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </FieldRow>
        <div className="flex items-center gap-2 pl-[8rem] text-sm">
          <input id={`${id}-enabled`} name="enabled" type="checkbox" checked={enabled} onChange={(event) => change("enabled", event.target.checked)} className="size-4" />
          <label htmlFor={`${id}-enabled`}>Enabled</label>
        </div>
      </fieldset>
      <FormErrors messages={formErrors} />
      <SaveDiscard
        canEdit={canEdit}
        isDirty={isDirty}
        isSaving={mutation.isPending}
        saveLabel="Save"
        onDiscard={() => {
          setDraft({});
          mutation.reset();
        }}
        status={!canEdit ? "Saving is disabled" : savedAt ? `Saved; audit entry at ${new Date(savedAt).toLocaleTimeString()}` : isDirty ? "Unsaved changes; saving may ask for your password" : "Change a value to save"}
      />
    </form>
  );
}
