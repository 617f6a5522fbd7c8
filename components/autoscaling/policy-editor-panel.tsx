"use client";

import type { FormEvent } from "react";
import type { AutoscalingPolicyResponse, UpdateAutoscalingPolicyResponse } from "@/lib/autoscaling/schemas";
import { PolicyFields } from "./policy-editor";
import { policyFromDraft, type PolicyDraft } from "./policy-draft";
import { PolicySaveError, useSaveAutoscalingPolicy } from "./queries";
import { FormErrors, SaveDiscard } from "@/components/ui/form-footer";

const errorsOf = (error: Error | null) => {
  const fields = new Map<string, string>();
  if (error instanceof PolicySaveError) for (const entry of error.fieldErrors) if (!fields.has(entry.path)) fields.set(entry.path, entry.message);
  return fields;
};

/** The policy form with save/discard, field errors from the API, and who saved it last. */
export function PolicyEditorPanel({
  saved,
  draft,
  isDirty,
  onChange,
  onDiscard,
  onSaved,
}: {
  saved: AutoscalingPolicyResponse;
  draft: PolicyDraft;
  isDirty: boolean;
  onChange: (draft: PolicyDraft) => void;
  onDiscard: () => void;
  onSaved: (result: UpdateAutoscalingPolicyResponse) => void;
}) {
  const mutation = useSaveAutoscalingPolicy();
  const { canEdit, reason } = saved.permissions;
  const fieldErrors = errorsOf(mutation.error);
  const shownPaths = (path: string) => /^json\.(minReplicas|maxReplicas|metrics(\.\d+\.resource\.target\.averageUtilization)?|behavior\.scale(Up|Down)\.(stabilizationWindowSeconds|selectPolicy|policies(\.\d+\.(value|periodSeconds))?))$/.test(path);
  const formErrors = mutation.error ? (mutation.error instanceof PolicySaveError && mutation.error.fieldErrors.length > 0 ? mutation.error.fieldErrors.filter((entry) => !shownPaths(entry.path)).map((entry) => `${entry.path.replace(/^json\./, "")}: ${entry.message}`) : [mutation.error.message]) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(policyFromDraft(draft), { onSuccess: onSaved });
  };

  return (
    <section className="rounded-lg border border-line bg-panel p-4" aria-label="Autoscaling policy">
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h2 className="text-sm font-semibold">Policy</h2>
        <span className="text-xs text-muted" data-testid="policy-source">
          {saved.source === "stored" && saved.updatedAt
            ? `saved by ${saved.updatedBy} at ${new Date(saved.updatedAt).toLocaleString()}`
            : "the guide's HorizontalPodAutoscaler, sized to this machine (not saved yet)"}
          {` · runs with ${saved.effective.minReplicas}–${saved.effective.maxReplicas} instances here`}
        </span>
      </header>
      <form onSubmit={submit} noValidate aria-label="Edit autoscaling policy" className="flex flex-col gap-3">
        {!canEdit && reason ? <p className="rounded bg-line/60 px-2 py-1 text-xs text-ink">Read-only: {reason}.</p> : null}
        <fieldset disabled={!canEdit || mutation.isPending}>
          <PolicyFields draft={draft} errors={fieldErrors} onChange={onChange} />
        </fieldset>
        <FormErrors messages={formErrors} />
        <SaveDiscard
          canEdit={canEdit}
          isDirty={isDirty}
          isSaving={mutation.isPending}
          saveLabel="Save policy"
          onDiscard={() => {
            onDiscard();
            mutation.reset();
          }}
          status={!canEdit ? "Saving is disabled" : mutation.isSuccess && !isDirty ? "Saved; the autoscaler uses it from its next decision" : isDirty ? "Unsaved changes (the simulator already shows them); saving may ask for your password" : "Change a value to save"}
        />
      </form>
    </section>
  );
}
