"use client";

import { useId, useState, type FormEvent } from "react";
import type { RuleOutput } from "@/lib/scaling/rules/schemas";
import { useCreateSilence } from "./queries";

const DURATIONS = [
  { minutes: 30, label: "30 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 1440, label: "1 day" },
];

const INPUT = "w-full rounded-md border border-line bg-panel px-2 py-1 text-sm disabled:bg-surface disabled:text-muted";

/** Silences one rule in Alertmanager; read-only with the reason for those who may not. */
export function SilenceForm({ rules, canEdit, reason, onCreated }: { rules: readonly RuleOutput[]; canEdit: boolean; reason: string | null; onCreated: (message: string) => void }) {
  const id = useId();
  const [ruleId, setRuleId] = useState("");
  const [durationMinutes, setDurationMinutes] = useState(60);
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const mutation = useCreateSilence();
  const chosenRule = ruleId || rules[0]?.id || "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (comment.trim().length < 3) {
      setCommentError("Say why the rule is silenced");
      return;
    }
    setCommentError(null);
    mutation.mutate(
      { ruleId: chosenRule, durationMinutes, comment: comment.trim() },
      {
        onSuccess: (result) => {
          setComment("");
          onCreated(`Silenced ${result.silence.ruleId} until ${new Date(result.silence.endsAt).toLocaleString()}. Audit entry recorded.`);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label="Silence a rule" className="flex flex-col gap-3" noValidate>
      {!canEdit && reason ? <p className="rounded bg-line/60 px-2 py-1 text-xs text-ink">Read-only: {reason}.</p> : null}
      <fieldset disabled={!canEdit || mutation.isPending} className="grid gap-3 sm:grid-cols-[1fr_10rem]">
        <div>
          <label htmlFor={`${id}-rule`} className="text-xs text-muted">
            Rule
          </label>
          <select id={`${id}-rule`} value={chosenRule} onChange={(event) => setRuleId(event.target.value)} className={INPUT}>
            {rules.map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.label} ({rule.id}, {rule.severity})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-duration`} className="text-xs text-muted">
            For
          </label>
          <select id={`${id}-duration`} value={durationMinutes} onChange={(event) => setDurationMinutes(Number(event.target.value))} className={INPUT}>
            {DURATIONS.map((duration) => (
              <option key={duration.minutes} value={duration.minutes}>
                {duration.label}
              </option>
            ))}
          </select>
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-comment`} className="text-xs text-muted">
            Why (shown in Alertmanager)
          </label>
          <input
            id={`${id}-comment`}
            value={comment}
            maxLength={500}
            onChange={(event) => setComment(event.target.value)}
            placeholder="Planned load test, ticket OPS-123"
            className={INPUT}
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? `${id}-comment-error` : undefined}
          />
          {commentError ? (
            <p id={`${id}-comment-error`} className="mt-0.5 text-xs text-danger">
              {commentError}
            </p>
          ) : null}
        </div>
      </fieldset>
      {mutation.error ? (
        <p role="alert" className="text-sm text-danger">
          {mutation.error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={!canEdit || mutation.isPending || rules.length === 0} className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink disabled:cursor-not-allowed disabled:opacity-50">
          {mutation.isPending ? "Silencing…" : "Silence"}
        </button>
        <span className="text-xs text-muted">{canEdit ? "Silencing may ask for your password." : "Silencing is disabled."}</span>
      </div>
    </form>
  );
}
