"use client";

import { useState, type FormEvent } from "react";
import type { AuditFilters } from "./queries";

const FIELDS = [
  { name: "actor", label: "Actor email", placeholder: "sre@agency.test" },
  { name: "action", label: "Action starts with", placeholder: "checklist. or authz.denied" },
  { name: "target", label: "Target starts with", placeholder: "checklist_run:" },
  { name: "tenant", label: "Tenant id", placeholder: "uuid" },
] as const;

/** ISO ↔ the browser's datetime-local value, in the viewer's time zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/** The filters as a form; applying them rewrites the URL, which the list reads. */
export function AuditFiltersForm({ filters, onApply, showTenant }: { filters: AuditFilters; onApply: (filters: AuditFilters) => void; showTenant: boolean }) {
  const [draft, setDraft] = useState({ ...filters, from: toLocalInput(filters.from), to: toLocalInput(filters.to) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, from: fromLocalInput(draft.from ?? ""), to: fromLocalInput(draft.to ?? "") });
  };
  const input = "rounded border border-line bg-surface px-2 py-1 text-sm";
  return (
    <form onSubmit={submit} aria-label="Audit filters" className="grid gap-2 rounded-lg border border-line bg-panel p-3 sm:grid-cols-3 lg:grid-cols-7 lg:items-end">
      {FIELDS.filter((field) => showTenant || field.name !== "tenant").map((field) => (
        <label key={field.name} className="flex flex-col gap-1 text-xs">
          {field.label}
          <input name={field.name} value={draft[field.name] ?? ""} placeholder={field.placeholder} onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value.trim() })} className={input} />
        </label>
      ))}
      <label className="flex flex-col gap-1 text-xs">
        From
        <input type="datetime-local" value={draft.from ?? ""} onChange={(event) => setDraft({ ...draft, from: event.target.value })} className={input} />
      </label>
      <label className="flex flex-col gap-1 text-xs">
        To
        <input type="datetime-local" value={draft.to ?? ""} onChange={(event) => setDraft({ ...draft, to: event.target.value })} className={input} />
      </label>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-accent px-3 py-1 text-sm font-medium text-accent-ink">
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({ from: "", to: "" });
            onApply({});
          }}
          className="rounded-md border border-line px-3 py-1 text-sm"
        >
          Clear
        </button>
      </div>
    </form>
  );
}
