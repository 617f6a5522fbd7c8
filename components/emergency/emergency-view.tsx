"use client";

import { LiveStatus } from "@/components/ops/live-status";
import { ApprovalQueue } from "./approval-queue";
import { DependencyPanel } from "./dependency-panel";
import { OverridesPanel } from "./overrides-panel";
import { ProcedureCard } from "./procedure-card";
import { useDependencyBreakers, useProcedures } from "./queries";
import { RunHistory } from "./run-history";

function CardSkeleton() {
  return <div className="h-72 animate-pulse rounded-lg border border-line bg-surface" aria-label="loading" />;
}

export function EmergencyView({ viewerUserId }: { viewerUserId: string }) {
  const procedures = useProcedures();
  const replicas = useDependencyBreakers().data?.replicas.map((replica) => replica.name) ?? [];
  const list = procedures.data?.procedures ?? [];
  const canRun = procedures.data?.canRun ?? false;
  const pending = list.flatMap((procedure) => (procedure.activeRun?.status === "awaiting_approval" ? [procedure.activeRun] : []));
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Emergency procedures</h1>
          <p className="text-sm text-muted">
            {procedures.data && !canRun
              ? "Read-only: only SREs and admins can run procedures."
              : "Each procedure previews exactly what changes, asks you to type its name and re-enter your password, runs once, and is audited."}
          </p>
        </div>
        <LiveStatus updatedAt={procedures.dataUpdatedAt} error={procedures.error?.message} />
      </header>
      <OverridesPanel canEnd={canRun} />
      <ApprovalQueue runs={pending} canRun={canRun} viewerUserId={viewerUserId} isLoading={procedures.isLoading} error={procedures.error?.message ?? null} />
      <section aria-labelledby="danger-zone" className="space-y-3 rounded-lg border-2 border-danger/50 p-4">
        <h2 id="danger-zone" className="text-sm font-semibold text-danger">
          Danger zone: procedures that change production
        </h2>
        {procedures.isLoading ? (
          <div className="space-y-3">
            <CardSkeleton />
            <CardSkeleton />
          </div>
        ) : procedures.error && list.length === 0 ? (
          <div role="alert" className="space-y-2 text-sm text-danger">
            <p>{procedures.error.message}</p>
            <button type="button" onClick={() => void procedures.refetch()} className="rounded-md border border-line px-3 py-1 text-ink">
              Retry
            </button>
          </div>
        ) : list.length === 0 ? (
          <p className="text-sm text-muted">No emergency procedures are registered on this instance.</p>
        ) : (
          list.map((procedure) => <ProcedureCard key={procedure.id} procedure={procedure} canRun={canRun} replicas={replicas} />)
        )}
      </section>
      <DependencyPanel />
      <RunHistory />
    </div>
  );
}
