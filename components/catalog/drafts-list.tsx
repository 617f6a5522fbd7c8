"use client";

import Link from "next/link";
import { formatRelative, formatTimestamp } from "@/components/workflows/format";
import { useNow } from "@/components/workflows/use-now";
import { useDrafts } from "./draft-queries";
import { CardGridSkeleton, ResultsEmpty, ResultsError } from "./result-states";
import { TemplateThumbnail } from "./template-thumbnail";

/** The agency's drafts, newest first, each opening its editor. */
export function DraftsList() {
  const drafts = useDrafts();
  const items = drafts.data?.pages.flatMap((page) => page.items) ?? [];
  const nowMs = useNow(60_000);
  return (
    <section className="space-y-4">
      <header>
        <nav aria-label="Breadcrumb" className="text-sm text-muted">
          <Link href="/app/templates" className="underline">
            Templates
          </Link>{" "}
          / <span className="text-ink">Drafts</span>
        </nav>
        <h1 className="mt-1 text-2xl font-semibold">Drafts</h1>
        <p className="text-sm text-muted">Copies of templates your agency is working on, newest first.</p>
      </header>
      {drafts.isPending ? (
        <CardGridSkeleton count={6} cardHeightClass="h-28" />
      ) : drafts.isError && items.length === 0 ? (
        <ResultsError message={drafts.error.message} onRetry={() => void drafts.refetch()} />
      ) : items.length === 0 ? (
        <ResultsEmpty title="No drafts yet">
          Open a template and choose &ldquo;Use template&rdquo;: the draft appears here.{" "}
          <Link href="/app/templates" className="text-accent underline">
            Browse templates
          </Link>
        </ResultsEmpty>
      ) : (
        <>
          <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Drafts">
            {items.map((draft) => (
              <li key={draft.id} className="flex gap-3 rounded-lg border border-line bg-panel p-3">
                <div className="w-28 shrink-0">
                  <TemplateThumbnail template={{ id: draft.templateId ?? draft.id, name: draft.name, categorySlug: draft.content.categorySlug, style: draft.content.style }} />
                </div>
                <div className="min-w-0">
                  <Link href={`/app/templates/drafts/${draft.id}`} className="line-clamp-2 font-medium hover:underline">
                    {draft.name}
                  </Link>
                  <p className="mt-1 text-xs text-muted">
                    {draft.createdBy.name} ·{" "}
                    <time dateTime={draft.createdAt} title={formatTimestamp(draft.createdAt)}>
                      {formatRelative(draft.createdAt, nowMs)}
                    </time>
                  </p>
                </div>
              </li>
            ))}
          </ul>
          {drafts.hasNextPage ? (
            <button type="button" onClick={() => void drafts.fetchNextPage()} disabled={drafts.isFetchingNextPage} className="rounded-md border border-line px-3 py-1.5 text-sm">
              {drafts.isFetchingNextPage ? "Loading…" : "Load more"}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
