"use client";

import Link from "next/link";
import { ApiError } from "@/components/auth/api-error";
import { useHydrated } from "@/components/shell/use-hydrated";
import { draftContentFor } from "@/lib/template-drafts/rules";
import { useCreateDraft, useTemplate } from "./draft-queries";
import { PopularityMeter } from "./popularity-meter";
import { ResultsError } from "./result-states";
import { TemplateThumbnail } from "./template-thumbnail";

/** One template: a large preview, what a draft of it starts with, and "Use template". */
export function TemplateDetail({ id }: { id: string }) {
  const isHydrated = useHydrated();
  const template = useTemplate(id);
  const createDraft = useCreateDraft();

  if (template.isPending) return <DetailSkeleton />;
  if (template.isError) {
    return template.error instanceof ApiError && template.error.status === 404 ? (
      <NotFound />
    ) : (
      <ResultsError message={template.error.message} onRetry={() => void template.refetch()} />
    );
  }
  const outline = draftContentFor(template.data);
  return (
    <article className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <Link href="/app/templates" className="underline">
          Templates
        </Link>{" "}
        / <span className="text-ink">{template.data.name}</span>
      </nav>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <TemplateThumbnail template={template.data} className="max-w-2xl" />
        <div className="min-w-0 space-y-4">
          <header>
            <h1 className="text-2xl font-semibold break-words">{template.data.name}</h1>
            <p className="mt-2 text-sm text-muted">{template.data.description}</p>
          </header>
          <PopularityMeter score={template.data.popularityScore} size="large" />
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              onClick={() => createDraft.mutate(template.data.id)}
              disabled={!isHydrated || createDraft.isPending || createDraft.isSuccess}
              className="rounded-md bg-accent px-4 py-2 text-sm font-medium text-accent-ink disabled:opacity-60"
            >
              {createDraft.isPending || createDraft.isSuccess ? "Creating draft…" : "Use template"}
            </button>
            <span className="text-xs text-muted">Makes an editable copy in your agency&apos;s drafts.</span>
          </div>
          {createDraft.error ? (
            <p role="alert" className="text-sm text-danger">
              The draft was not created: {createDraft.error.message}
            </p>
          ) : null}
          <section aria-label="What the draft starts with" className="rounded-lg border border-line bg-panel p-4">
            <h2 className="text-sm font-semibold">What your draft starts with</h2>
            <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm">
              {outline.sections.map((section) => (
                <li key={section.heading}>{section.heading}</li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </article>
  );
}

function DetailSkeleton() {
  return (
    <div aria-label="loading" aria-busy="true" className="grid gap-6 lg:grid-cols-[3fr_2fr]">
      <div className="aspect-[8/5] w-full max-w-2xl animate-pulse rounded-md bg-panel" />
      <div className="space-y-3">
        <div className="h-7 w-2/3 animate-pulse rounded bg-panel" />
        <div className="h-4 w-full animate-pulse rounded bg-panel" />
        <div className="h-4 w-5/6 animate-pulse rounded bg-panel" />
      </div>
    </div>
  );
}

function NotFound() {
  return (
    <div className="rounded-lg border border-dashed border-line bg-panel p-6 text-center text-sm">
      <p className="font-medium">This template is not in your agency&apos;s library.</p>
      <p className="mt-1 text-muted">It may have been deleted, or it belongs to another agency.</p>
      <Link href="/app/templates" className="mt-3 inline-block text-accent underline">
        Back to templates
      </Link>
    </div>
  );
}
