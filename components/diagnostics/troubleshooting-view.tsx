"use client";

import { LiveStatus } from "@/components/ops/live-status";
import { Panel } from "@/components/ops/panel";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import { CacheCard } from "./cache-card";
import { HeapSnapshots } from "./heap-snapshots";
import { LocksCard } from "./locks-card";
import { MemoryCard } from "./memory-card";
import { PoolCard } from "./pool-card";
import { useDiagnostics } from "./queries";

/** The guide's scaling problems, each judged live from this instance's samples. */
export function TroubleshootingView({ role }: { role: PlatformRole }) {
  const report = useDiagnostics();
  const error = report.error ? report.error.message : null;
  const data = report.data;
  return (
    <section className="space-y-4">
      <header>
        <h1 className="text-2xl font-semibold">Troubleshooting</h1>
        <LiveStatus updatedAt={report.dataUpdatedAt} error={error} />
        {data ? <p className="text-xs text-muted">{`Instance pid ${data.instancePid} · sampled every ${data.intervalMs / 1000} s${data.sampledAt ? ` · last sample ${new Date(data.sampledAt).toLocaleTimeString()}` : ""}`}</p> : null}
      </header>
      {!data ? (
        <Panel title="Detectors" isLoading={report.isLoading} error={error} isEmpty onRetry={() => void report.refetch()} emptyText="No diagnostics sample yet.">
          {null}
        </Panel>
      ) : (
        <div className={`space-y-4 ${report.isError ? "opacity-60" : ""}`}>
          <PoolCard card={data.pool} />
          <MemoryCard card={data.memory} instancePid={data.instancePid} actions={<HeapSnapshots isAdmin={role === "admin"} />} />
          <LocksCard card={data.locks} canAct={hasPlatformRole(role, ["sre"])} />
          {data.cache ? <CacheCard card={data.cache} /> : null}
        </div>
      )}
    </section>
  );
}
