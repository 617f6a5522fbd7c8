"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { Panel } from "@/components/ops/panel";
import { AuditFiltersForm } from "./audit-filters";
import { AuditRow } from "./audit-row";
import { filterParams, useAuditEntries, type AuditFilters, type AuditSource } from "./queries";
import { VerifyPanel } from "./verify-panel";

const FILTER_NAMES = ["actor", "action", "target", "tenant", "from", "to"] as const;

/**
 * The audit log: filters in the URL, newest entries first with "load more". The platform's view
 * (every tenant, each entry naming its tenant) adds CSV export and chain verification; a tenant
 * admin's view shows that tenant's entries only.
 */
export function AuditView({ source, tenantName }: { source: AuditSource; tenantName?: string }) {
  const isPlatform = source.scope === "platform";
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo<AuditFilters>(
    () => Object.fromEntries(FILTER_NAMES.filter((name) => isPlatform || name !== "tenant").flatMap((name) => (searchParams.get(name) ? [[name, searchParams.get(name)!]] : []))),
    [searchParams, isPlatform],
  );
  const entries = useAuditEntries(source, filters);
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const query = filterParams(filters).toString();
  const apply = (next: AuditFilters) => router.replace(`${pathname}${filterParams(next).size > 0 ? `?${filterParams(next)}` : ""}`, { scroll: false });

  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{isPlatform ? "Audit log" : `Audit log of ${tenantName ?? "this agency"}`}</h1>
          <p className="mt-1 max-w-3xl text-sm text-muted">
            {isPlatform
              ? "Every tenant's and the platform's changes, sign-offs, emergency actions, sign-ins and refused authorizations, each naming its tenant. "
              : "Changes to this agency's templates, workflows and modules, and who made them. Only this agency's entries appear here. "}
            Append-only: the database refuses edits and deletions, and each entry carries the hash of the one before it.
          </p>
        </div>
        {isPlatform ? (
          <a href={`/api/v1/ops/audit/export.csv${query ? `?${query}` : ""}`} download className="rounded-md border border-line px-3 py-1 text-sm">
            Export CSV
          </a>
        ) : null}
      </header>
      {isPlatform ? <VerifyPanel /> : null}
      <AuditFiltersForm key={query} filters={filters} onApply={apply} showTenant={isPlatform} />
      <Panel
        title="Entries"
        subtitle="newest first"
        isLoading={entries.isLoading}
        error={entries.error?.message}
        isEmpty={!entries.isLoading && items.length === 0}
        emptyText={query ? "No entries match these filters. Widen the time range or clear a filter." : "No entries yet. Changes, sign-ins and refused requests appear here as they happen."}
        onRetry={() => void entries.refetch()}
        minHeight={400}
      >
        <div className={`max-h-[70vh] overflow-auto ${entries.isPlaceholderData ? "opacity-60" : ""}`}>
          <table className="w-full text-sm">
            <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
              <tr>
                <th className="py-1 pr-3 text-right font-medium">Seq</th>
                <th className="py-1 pr-3 font-medium">When</th>
                <th className="py-1 pr-3 font-medium">Actor</th>
                <th className="py-1 pr-3 font-medium">Action</th>
                <th className="py-1 pr-3 font-medium">Target</th>
                {isPlatform ? <th className="py-1 pr-3 font-medium">Tenant</th> : null}
                <th className="py-1 font-medium">
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <AuditRow key={entry.id} entry={entry} showTenant={isPlatform} />
              ))}
            </tbody>
          </table>
        </div>
        {entries.error && items.length > 0 ? (
          <p role="alert" className="mt-2 text-xs text-danger">
            {entries.error.message}
          </p>
        ) : null}
        {entries.hasNextPage ? (
          <button type="button" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage} className="mt-2 rounded-md border border-line px-3 py-1 text-xs">
            {entries.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        ) : items.length > 0 ? (
          <p className="mt-2 text-xs text-muted">End of the log for these filters.</p>
        ) : null}
      </Panel>
    </section>
  );
}
