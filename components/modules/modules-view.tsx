"use client";

import { useCallback, useMemo, useState } from "react";
import { Toast } from "@/components/scaling/toast";
import type { TenantModuleOutput } from "@/lib/modules/schemas";
import { ActivationsTable } from "./activations-table";
import { ModuleDetail } from "./module-detail";
import { useRegistry, useTenantModules } from "./queries";
import { RegistryList } from "./registry-list";

/** The modules page: registry on the left, the chosen module's preview and actions on the right. */
export function ModulesView({ canManage }: { canManage: boolean }) {
  const [search, setSearch] = useState("");
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const registry = useRegistry(search.trim());
  const tenantModules = useTenantModules();
  const rows = useMemo(() => tenantModules.data ?? [], [tenantModules.data]);
  const statusOf = useCallback((key: string): TenantModuleOutput["status"] | null => rows.find((row) => row.key === key)?.status ?? null, [rows]);
  const selected = registry.data?.pages.flatMap((page) => page.items).find((module) => module.key === selectedKey);
  const closeToast = useCallback(() => setMessage(null), []);

  const selectFromTable = (key: string) => {
    setSearch("");
    setSelectedKey(key);
  };

  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Modules</h1>
        <p className="text-sm text-muted">Pick a module to see what it needs: activation starts its dependencies first, then the module.</p>
      </header>
      <div className="grid gap-4 lg:grid-cols-[minmax(280px,2fr)_3fr]">
        <RegistryList registry={registry} search={search} onSearch={setSearch} selectedKey={selectedKey} onSelect={setSelectedKey} statusOf={statusOf} />
        {selected ? (
          <ModuleDetail
            key={selected.key}
            module={selected}
            activation={rows.find((row) => row.key === selected.key)}
            statusOf={statusOf}
            canManage={canManage}
            onDone={setMessage}
          />
        ) : (
          <section className="flex items-center justify-center rounded-lg border border-dashed border-line p-4 text-sm text-muted" style={{ minHeight: 560 }}>
            Choose a module in the registry to preview its dependencies.
          </section>
        )}
      </div>
      <ActivationsTable
        rows={rows}
        isLoading={tenantModules.isPending}
        error={tenantModules.error?.message}
        onRetry={() => void tenantModules.refetch()}
        updatedAt={tenantModules.dataUpdatedAt}
        onSelect={selectFromTable}
      />
      <Toast message={message} onClose={closeToast} />
    </div>
  );
}
