"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/components/auth/api-error";
import { useHydrated } from "@/components/shell/use-hydrated";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import type { DraftOutput } from "@/lib/template-drafts/schemas";
import { useDraft, useRenameDraft } from "./draft-queries";
import { ResultsError } from "./result-states";
import { TemplateThumbnail } from "./template-thumbnail";

/** One draft of the agency's library: its name (edit and save), preview and outline. */
export function DraftEditor({ id }: { id: string }) {
  const draft = useDraft(id);
  if (draft.isPending) return <div aria-label="loading" aria-busy="true" className="h-96 animate-pulse rounded-lg bg-panel" />;
  if (draft.isError) {
    if (draft.error instanceof ApiError && draft.error.status === 404) {
      return (
        <div className="rounded-lg border border-dashed border-line bg-panel p-6 text-center text-sm">
          <p className="font-medium">This draft is not in your agency&apos;s library.</p>
          <Link href="/app/templates/drafts" className="mt-3 inline-block text-accent underline">
            See your drafts
          </Link>
        </div>
      );
    }
    return <ResultsError message={draft.error.message} onRetry={() => void draft.refetch()} />;
  }
  return <LoadedDraft key={draft.data.id} draft={draft.data} />;
}

function LoadedDraft({ draft }: { draft: DraftOutput }) {
  const isHydrated = useHydrated();
  const rename = useRenameDraft(draft.id);
  const nowMs = useNow(60_000);
  const [name, setName] = useState(draft.name);
  const trimmed = name.trim();
  const isChanged = trimmed !== draft.name;
  const problem = trimmed.length === 0 ? "Name is required" : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem && isChanged) rename.mutate(trimmed);
  };

  return (
    <article className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/app/templates" className="underline">
          Templates
        </Link>{" "}
        /{" "}
        <Link href="/app/templates/drafts" className="underline">
          Drafts
        </Link>{" "}
        / <span className="text-ink">{draft.name}</span>
      </nav>
      <form onSubmit={onSubmit} className="space-y-2 rounded-lg border border-line bg-panel p-4" aria-label="Draft name">
        <label htmlFor="draft-name" className="block text-sm font-medium">
          Draft name
        </label>
        <div className="flex flex-wrap items-start gap-2">
          <input
            id="draft-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={120}
            aria-invalid={problem !== null}
            aria-describedby="draft-name-help"
            className="min-w-0 flex-1 basis-64 rounded-md border border-line bg-surface px-3 py-1.5 text-sm"
          />
          <button type="submit" disabled={!isHydrated || !isChanged || problem !== null || rename.isPending} className="rounded-md bg-accent px-4 py-1.5 text-sm font-medium text-accent-ink disabled:opacity-50">
            {rename.isPending ? "Saving…" : "Save"}
          </button>
        </div>
        <p id="draft-name-help" className={`text-xs ${problem || rename.error ? "text-danger" : "text-muted"}`} role={problem || rename.error ? "alert" : undefined}>
          {problem ?? (rename.error ? `Not saved: ${rename.error.message}` : rename.isSuccess && !isChanged ? "Saved." : "Up to 120 characters.")}
        </p>
      </form>
      <div className="grid gap-6 lg:grid-cols-[2fr_3fr]">
        <TemplateThumbnail template={{ id: draft.templateId ?? draft.id, name: draft.name, categorySlug: draft.content.categorySlug, style: draft.content.style }} />
        <div className="min-w-0 space-y-3">
          <p className="text-sm text-muted">{draft.content.summary}</p>
          <p className="text-xs text-muted">
            Created by {draft.createdBy.name}{" "}
            <time dateTime={draft.createdAt} title={formatTimestamp(draft.createdAt)}>
              {formatRelative(draft.createdAt, nowMs)}
            </time>
            {draft.templateId ? (
              <>
                {" "}
                from{" "}
                <Link href={`/app/templates/${draft.templateId}`} className="underline">
                  its template
                </Link>
              </>
            ) : null}
          </p>
          <ol className="space-y-2" aria-label="Outline">
            {draft.content.sections.map((section) => (
              <li key={section.heading} className="rounded-md border border-line bg-panel px-3 py-2">
                <p className="text-sm font-medium">{section.heading}</p>
                <p className="text-sm text-muted">{section.body}</p>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </article>
  );
}
