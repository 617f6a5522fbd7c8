"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ResolutionOutput, TenantModuleOutput } from "@/lib/modules/schemas";
import { LifecycleBadge } from "./lifecycle-badge";

/**
 * The resolved activation order, dependencies first, with each module's live state: what already
 * runs stays as it is, the rest starts top to bottom.
 */
export function ActivationPreview({
  resolution,
  statusOf,
}: {
  resolution: UseQueryResult<ResolutionOutput, Error>;
  statusOf: (key: string) => TenantModuleOutput["status"] | null;
}) {
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold">Activation order</h3>
      {resolution.isPending ? (
        <div className="h-32 animate-pulse rounded bg-surface" aria-label="loading the dependency preview" />
      ) : resolution.isError ? (
        <div role="alert" className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger">
          <p className="font-medium">This module cannot be activated now.</p>
          <p>{resolution.error.message}</p>
        </div>
      ) : (
        <ol className="space-y-1" aria-label="Activation order" data-testid="activation-order">
          {resolution.data.order.map((step, index) => (
            <li key={step.key} className="flex items-center gap-3 rounded-md border border-line px-3 py-1.5 text-sm" data-testid={`order-${step.key}`}>
              <span className="w-5 text-right font-mono text-xs text-muted">{index + 1}.</span>
              <span className="min-w-0 flex-1 truncate">
                <span className="font-medium">{step.key}</span> <span className="font-mono text-xs text-muted">{step.version}</span>
                {step.requires.length > 0 ? <span className="text-xs text-muted"> · after {step.requires.join(", ")}</span> : null}
              </span>
              <span className="text-xs text-muted">{step.willActivate ? "will start" : "already running"}</span>
              <LifecycleBadge status={statusOf(step.key)} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
