"use client";

import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import type { RegistryModuleOutput, TenantModuleOutput } from "@/lib/modules/schemas";
import { ActivationPreview } from "./activation-preview";
import { LifecycleBadge } from "./lifecycle-badge";
import { ModuleActionError, useActivateModules, useDeactivateModule, useResolution } from "./queries";

type Props = {
  module: RegistryModuleOutput;
  activation: TenantModuleOutput | undefined;
  statusOf: (key: string) => TenantModuleOutput["status"] | null;
  canManage: boolean;
  onDone: (message: string) => void;
};

const MANAGE_REASON = "Only agency admins can activate or deactivate modules.";

/** One module: its versions, the dependency preview, and activation or deactivation. */
export function ModuleDetail({ module, activation, statusOf, canManage, onDone }: Props) {
  const isHydrated = useHydrated();
  const resolution = useResolution(module.key);
  const activate = useActivateModules();
  const deactivate = useDeactivateModule();
  const [blockedBy, setBlockedBy] = useState<string[] | null>(null);
  const isLive = activation?.status === "active" || activation?.status === "pending";
  const toStart = resolution.data?.order.filter((step) => step.willActivate) ?? [];

  const onActivate = () =>
    activate.mutate([module.key], {
      onSuccess: (result) => onDone(`Activating ${result.order.filter((step) => step.willActivate).map((step) => step.key).join(" → ")}`),
    });
  const onDeactivate = (cascade: boolean) =>
    deactivate.mutate(
      { key: module.key, cascade },
      {
        onSuccess: (result) => {
          setBlockedBy(null);
          onDone(`Deactivated ${result.deactivated.join(", ")}`);
        },
        onError: (error) => {
          if (error instanceof ModuleActionError && error.status === 409) setBlockedBy(error.dependents);
        },
      },
    );

  return (
    <section className="space-y-4 rounded-lg border border-line bg-panel p-4" aria-label={`${module.name} details`} style={{ minHeight: 560 }}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">{module.name}</h2>
          <p className="text-sm text-muted">{module.description}</p>
          <p className="mt-1 font-mono text-xs text-muted">
            {module.key} · {module.category}
            {activation?.version ? ` · runs ${activation.version}` : ""}
          </p>
        </div>
        <LifecycleBadge status={activation?.status ?? null} />
      </header>
      {activation?.status === "failed" && activation.error ? (
        <p role="alert" className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger">
          Activation failed: {activation.error}
        </p>
      ) : null}

      <ActivationPreview resolution={resolution} statusOf={statusOf} />

      <div className="flex flex-wrap items-center gap-3 border-t border-line pt-3">
        {isLive ? (
          <button
            type="button"
            onClick={() => onDeactivate(false)}
            disabled={!isHydrated || !canManage || deactivate.isPending}
            title={canManage ? undefined : MANAGE_REASON}
            className="rounded-md border border-danger px-3 py-1.5 text-sm font-medium text-danger disabled:opacity-50"
          >
            {deactivate.isPending ? "Deactivating…" : "Deactivate"}
          </button>
        ) : (
          <button
            type="button"
            onClick={onActivate}
            disabled={!isHydrated || !canManage || activate.isPending || !resolution.isSuccess || toStart.length === 0}
            title={canManage ? undefined : MANAGE_REASON}
            className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink disabled:opacity-50"
          >
            {activate.isPending ? "Activating…" : toStart.length > 1 ? `Activate with ${toStart.length - 1} ${toStart.length === 2 ? "dependency" : "dependencies"}` : "Activate"}
          </button>
        )}
        {!canManage ? <span className="text-xs text-muted">{MANAGE_REASON}</span> : null}
        {activate.error ? <span role="alert" className="text-sm text-danger">{activate.error.message}</span> : null}
        {deactivate.error && !blockedBy ? <span role="alert" className="text-sm text-danger">{deactivate.error.message}</span> : null}
      </div>

      {blockedBy ? (
        <div role="alertdialog" aria-label="Confirm cascading deactivation" className="rounded-md border border-danger/40 bg-danger/5 p-3 text-sm">
          <p>
            <strong>{module.key}</strong> is required by <strong>{blockedBy.join(", ")}</strong>. Deactivating it also deactivates{" "}
            {blockedBy.length === 1 ? "that module" : `those ${blockedBy.length} modules`}, dependents first.
          </p>
          <div className="mt-2 flex gap-2">
            <button type="button" autoFocus onClick={() => onDeactivate(true)} disabled={deactivate.isPending} className="rounded-md bg-danger px-3 py-1 font-medium text-accent-ink">
              Deactivate all {blockedBy.length + 1}
            </button>
            <button type="button" onClick={() => setBlockedBy(null)} className="rounded-md border border-line px-3 py-1">
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      <details className="text-sm">
        <summary className="cursor-pointer text-muted">All versions ({module.versions.length})</summary>
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-xs">
            <thead className="text-muted">
              <tr>
                <th className="py-1 font-medium">Version</th>
                <th className="py-1 font-medium">Requires</th>
                <th className="py-1 font-medium">Published</th>
              </tr>
            </thead>
            <tbody>
              {module.versions.map((version) => (
                <tr key={version.version} className={`border-t border-line ${version.isWithdrawn ? "text-muted line-through" : ""}`}>
                  <td className="py-1 font-mono">{version.version}{version.isWithdrawn ? " (withdrawn)" : ""}</td>
                  <td className="py-1 font-mono">{version.requires.join(", ") || "—"}</td>
                  <td className="py-1" title={version.publishedAt}>{new Date(version.publishedAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
