"use client";

import { Panel } from "@/components/ops/panel";
import type { TenantModuleOutput } from "@/lib/modules/schemas";
import { LifecycleBadge } from "./lifecycle-badge";
import type { useRegistry } from "./queries";

/** The registry, searchable, each module with its latest version, requirements and tenant state. */
export function RegistryList({
  registry,
  search,
  onSearch,
  selectedKey,
  onSelect,
  statusOf,
}: {
  registry: ReturnType<typeof useRegistry>;
  search: string;
  onSearch: (search: string) => void;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  statusOf: (key: string) => TenantModuleOutput["status"] | null;
}) {
  const modules = registry.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Panel
      title="Registry"
      subtitle={registry.data ? `${modules.length}${registry.hasNextPage ? "+" : ""} modules` : undefined}
      isLoading={registry.isPending}
      error={registry.error?.message}
      isEmpty={modules.length === 0}
      emptyText={search ? `No module matches “${search}”.` : "The registry is empty: published modules appear here."}
      onRetry={() => void registry.refetch()}
      minHeight={560}
    >
      <label className="mb-3 block">
        <span className="sr-only">Search modules</span>
        <input
          type="search"
          value={search}
          onChange={(event) => onSearch(event.target.value)}
          placeholder="Search by name or key"
          className="w-full rounded-md border border-line bg-panel px-3 py-1.5 text-sm"
        />
      </label>
      <ul className="max-h-[480px] space-y-1 overflow-y-auto pr-1" aria-label="Modules">
        {modules.map((module) => {
          const isSelected = module.key === selectedKey;
          const requires = module.versions.find((version) => version.version === module.latestVersion)?.requires ?? [];
          return (
            <li key={module.key}>
              <button
                type="button"
                onClick={() => onSelect(module.key)}
                aria-pressed={isSelected}
                data-testid={`module-${module.key}`}
                className={`w-full rounded-md border px-3 py-2 text-left ${isSelected ? "border-accent bg-accent/5" : "border-transparent hover:bg-surface"}`}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="truncate text-sm font-medium">{module.name}</span>
                  <LifecycleBadge status={statusOf(module.key)} />
                </span>
                <span className="mt-0.5 block truncate text-xs text-muted">
                  {module.key} · {module.latestVersion ?? "withdrawn"} · {module.category}
                  {requires.length > 0 ? ` · needs ${requires.map((text) => text.split("@")[0]).join(", ")}` : " · no dependencies"}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {registry.hasNextPage ? (
        <button type="button" onClick={() => void registry.fetchNextPage()} disabled={registry.isFetchingNextPage} className="mt-2 w-full rounded-md border border-line px-3 py-1 text-sm">
          {registry.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </Panel>
  );
}
