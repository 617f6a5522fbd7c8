"use client";

import { Panel } from "@/components/ops/panel";
import type { TenantModuleOutput } from "@/lib/modules/schemas";
import { LifecycleBadge } from "./lifecycle-badge";

function formatClock(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "—";
}

/** The tenant's activations with lifecycle state, when each started and finished, and why one failed. */
export function ActivationsTable({
  rows,
  isLoading,
  error,
  onRetry,
  updatedAt,
  onSelect,
}: {
  rows: TenantModuleOutput[];
  isLoading: boolean;
  error: string | undefined;
  onRetry: () => void;
  updatedAt: number;
  onSelect: (key: string) => void;
}) {
  const pending = rows.filter((row) => row.status === "pending").length;
  return (
    <Panel
      title="This agency's modules"
      subtitle={updatedAt ? `${pending > 0 ? `${pending} starting · ` : ""}updated ${formatClock(new Date(updatedAt).toISOString())}` : undefined}
      isLoading={isLoading}
      error={error}
      isEmpty={rows.length === 0}
      emptyText="No module activated yet: pick one in the registry and activate it."
      onRetry={onRetry}
      minHeight={200}
    >
      <div className="max-h-80 overflow-auto">
        <table className="w-full text-left text-sm" data-testid="tenant-modules">
          <thead className="sticky top-0 bg-panel text-xs text-muted">
            <tr>
              <th className="py-1.5 font-medium">Module</th>
              <th className="py-1.5 font-medium">Version</th>
              <th className="py-1.5 font-medium">State</th>
              <th className="py-1.5 text-right font-medium">Started</th>
              <th className="py-1.5 text-right font-medium">Finished</th>
              <th className="py-1.5 pl-4 font-medium">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-line" data-testid={`tenant-module-${row.key}`}>
                <td className="py-1.5">
                  <button type="button" onClick={() => onSelect(row.key)} className="text-left font-medium hover:underline">
                    {row.name}
                  </button>
                </td>
                <td className="py-1.5 font-mono text-xs">{row.version ?? "—"}</td>
                <td className="py-1.5">
                  <LifecycleBadge status={row.status} />
                </td>
                <td className="py-1.5 text-right font-mono text-xs" title={row.startedAt ?? undefined}>{formatClock(row.startedAt)}</td>
                <td className="py-1.5 text-right font-mono text-xs" title={row.finishedAt ?? undefined}>{formatClock(row.finishedAt)}</td>
                <td className="max-w-xs truncate py-1.5 pl-4 text-xs text-muted" title={row.error ?? undefined}>
                  {row.error ?? (row.dependsOn.length > 0 ? `needs ${row.dependsOn.join(", ")}` : "")}
                  {row.attempts > 1 ? ` · ${row.attempts} attempts` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
