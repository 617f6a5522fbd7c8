"use client";

import { useId, useState, type FormEvent } from "react";
import { FormErrors } from "@/components/ui/form-footer";
import { SEVERITIES, WEBHOOK_FORMATS, type Severity, type WebhookFormat } from "@/lib/notifications/rules";
import { useCreateWebhook, type CreatedWebhook } from "./queries";

const FORMAT_LABELS: Record<WebhookFormat, string> = { slack: "Slack-compatible", generic: "Generic JSON" };
const field = "w-full rounded-md border border-line bg-panel px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-accent";

/** Checks in plain words before the server does (it checks again and names the field). */
function problemsOf(name: string, url: string, severities: Severity[]): string[] {
  const problems: string[] = [];
  if (name.trim() === "") problems.push("Name is required");
  if (!/^https?:\/\/\S+$/.test(url.trim())) problems.push("URL must be an http:// or https:// address");
  if (severities.length === 0) problems.push("Choose at least one severity");
  return problems;
}

/** Name, URL, body format and severities; the new secret goes to `onCreated`, the only place it is shown. */
export function CreateWebhookForm({ onCreated }: { onCreated: (webhook: CreatedWebhook) => void }) {
  const id = useId();
  const create = useCreateWebhook();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState<WebhookFormat>("slack");
  const [severities, setSeverities] = useState<Severity[]>(["warning", "critical"]);
  const [problems, setProblems] = useState<string[]>([]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = problemsOf(name, url, severities);
    setProblems(found);
    if (found.length > 0) return;
    create.mutate(
      { name: name.trim(), url: url.trim(), format, severities },
      {
        onSuccess: (webhook) => {
          setName("");
          setUrl("");
          onCreated(webhook);
        },
      },
    );
  }

  const toggle = (severity: Severity) => setSeverities((current) => (current.includes(severity) ? current.filter((value) => value !== severity) : [...current, severity]));

  return (
    <form onSubmit={submit} noValidate aria-label="Add a webhook" className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor={`${id}-name`} className="block text-xs font-medium text-muted">
            Name
          </label>
          <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} maxLength={100} placeholder="#ops-alerts" className={field} />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-url`} className="block text-xs font-medium text-muted">
            URL
          </label>
          <input id={`${id}-url`} type="url" inputMode="url" value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://hooks.slack.com/services/…" className={field} />
        </div>
      </div>
      <div className="flex flex-wrap gap-x-8 gap-y-3">
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-muted">Body</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {WEBHOOK_FORMATS.map((value) => (
              <label key={value} className="inline-flex items-center gap-1.5">
                <input type="radio" name={`${id}-format`} value={value} checked={format === value} onChange={() => setFormat(value)} />
                {FORMAT_LABELS[value]}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-muted">Severities</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {SEVERITIES.map((severity) => (
              <label key={severity} className="inline-flex items-center gap-1.5">
                <input type="checkbox" checked={severities.includes(severity)} onChange={() => toggle(severity)} />
                {severity}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <FormErrors messages={[...problems, ...(create.error ? [create.error.message] : [])]} />
      <button type="submit" disabled={create.isPending} className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent">
        {create.isPending ? "Adding…" : "Add webhook"}
      </button>
    </form>
  );
}
