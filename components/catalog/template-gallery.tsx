"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { CategoryTabs, type Tab } from "./category-tabs";
import { InfiniteFooter } from "./infinite-footer";
import Link from "next/link";
import { useCreateDraft } from "./draft-queries";
import { useTemplateCategories, useTemplatePages } from "./queries";
import { CardGridSkeleton, ResultsEmpty, ResultsError } from "./result-states";
import { SearchBox } from "./search-box";
import { TemplateCard } from "./template-card";

const RESULTS_ID = "template-results";

/**
 * The tenant's templates by popularity: category tabs, name search and infinite scroll. The
 * category and the search live in the URL, so a reload or a shared link shows the same list.
 */
export function TemplateGallery({ tenantId }: { tenantId: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const category = params.get("category");
  const q = (params.get("q") ?? "").trim();
  const filters = useMemo(() => ({ category, q }), [category, q]);
  const categories = useTemplateCategories(tenantId);
  const pages = useTemplatePages(tenantId, filters);
  const createDraft = useCreateDraft();

  const navigate = useCallback(
    (next: { category: string | null; q: string }, mode: "push" | "replace") => {
      const query = new URLSearchParams();
      if (next.category) query.set("category", next.category);
      if (next.q) query.set("q", next.q);
      const href = query.size > 0 ? `${pathname}?${query}` : pathname;
      // The browser's history API, which Next's router follows: the URL and useSearchParams
      // change at once, with no server round trip for what is only a client-side filter.
      if (mode === "push") window.history.pushState(null, "", href);
      else window.history.replaceState(null, "", href);
    },
    [pathname],
  );

  const categoryNames = new Map((categories.data?.items ?? []).map((item) => [item.slug, item.name]));
  const total = categories.data?.items.reduce((sum, item) => sum + item.templateCount, 0);
  const tabs: Tab[] = [{ value: null, label: "All", count: total }, ...(categories.data?.items ?? []).map((item) => ({ value: item.slug, label: item.name, count: item.templateCount }))];
  const templates = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const { fetchNextPage: fetchNext } = pages;
  const fetchNextPage = useCallback(() => void fetchNext(), [fetchNext]);

  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Templates</h1>
          <p className="text-sm text-muted">
            Your agency&apos;s library, most popular first. &ldquo;Use template&rdquo; makes an editable draft:{" "}
            <Link href="/app/templates/drafts" className="text-accent underline">
              your drafts
            </Link>
            .
          </p>
        </div>
        <SearchBox label="Search templates by name" placeholder="Search templates" value={q} onSearch={(text) => navigate({ category, q: text }, "replace")} />
      </header>

      <div className="min-h-[41px]">
        {categories.error ? (
          <p role="alert" className="py-2 text-sm text-danger">
            Categories could not be loaded: {categories.error.message}{" "}
            <button type="button" className="underline" onClick={() => void categories.refetch()}>
              Retry
            </button>
          </p>
        ) : categories.isLoading ? (
          <div aria-label="loading categories" className="h-[41px] animate-pulse rounded bg-panel" />
        ) : (
          <CategoryTabs tabs={tabs} selected={category} onSelect={(value) => navigate({ category: value, q }, "push")} label="Template categories" controls={RESULTS_ID} />
        )}
      </div>

      <div id={RESULTS_ID} role="tabpanel" aria-live="polite" aria-busy={pages.isFetching}>
        {pages.isLoading ? (
          <CardGridSkeleton count={9} cardHeightClass="h-[22rem]" />
        ) : pages.error && templates.length === 0 ? (
          <ResultsError message={pages.error.message} onRetry={() => void pages.refetch()} />
        ) : templates.length === 0 ? (
          <ResultsEmpty title={q ? `No templates match “${q}”` : "No templates in this category yet"}>
            {q ? "Try a shorter or different name, or look in All categories." : "Admins can add templates to this category; they appear here most popular first."}
          </ResultsEmpty>
        ) : (
          <>
            <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Templates">
              {templates.map((template) => (
                <TemplateCard
                  key={template.id}
                  template={template}
                  categoryName={categoryNames.get(template.categorySlug) ?? template.categorySlug}
                  onUse={() => createDraft.mutate(template.id)}
                  isUsing={createDraft.isPending && createDraft.variables === template.id}
                  isBusy={createDraft.isPending || createDraft.isSuccess}
                />
              ))}
            </ul>
            <InfiniteFooter
              hasNextPage={pages.hasNextPage}
              isFetchingNextPage={pages.isFetchingNextPage}
              fetchNextPage={fetchNextPage}
              error={pages.isFetchNextPageError ? (pages.error?.message ?? "request failed") : null}
              shownCount={templates.length}
              noun={templates.length === 1 ? "template" : "templates"}
            />
          </>
        )}
      </div>
      {createDraft.error ? (
        <p role="alert" className="text-sm text-danger">
          The draft was not created: {createDraft.error.message}
        </p>
      ) : null}
    </section>
  );
}
