"use client";

import { thresholdState } from "@/lib/metrics/signals";
import { formatValue } from "./format";
import { LiveStatus } from "./live-status";
import { Panel } from "./panel";
import { ReplicationMode } from "./replication-mode";
import { useChartAnnotations } from "@/components/annotations/queries";
import { useCapacityThresholds, useDatabaseStatus, useSignals, type DatabaseStatus } from "./queries";
import { ServerSettingsTable } from "./server-settings-table";
import { SignalPanel } from "./signal-panel";
import { StateBadge } from "./state-badge";
import { TimeRangePicker, useTimeRange } from "./time-range";

const HISTORY_SIGNALS = ["db_pool_utilization", "db_replica_lag_seconds", "db_replica_lag_bytes"];

function PoolsTable({ pools, thresholdRatio }: { pools: DatabaseStatus["pools"]; thresholdRatio: number | undefined }) {
  const threshold = thresholdRatio === undefined ? undefined : { op: ">" as const, value: thresholdRatio, source: "DB pool threshold rule" };
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
          <tr>
            <th className="py-1 font-medium">Pool</th>
            <th className="py-1 font-medium">Server</th>
            <th className="py-1 text-right font-medium">In use / max</th>
            <th className="py-1 text-right font-medium">Waiting</th>
            <th className="py-1 text-right font-medium">Utilization</th>
            <th className="py-1 pl-3 font-medium" data-testid="pool-state-heading">{threshold ? `State (threshold ${formatValue("ratio", threshold.value)})` : "State"}</th>
          </tr>
        </thead>
        <tbody>
          {pools.map((pool) => (
            <tr key={`${pool.pool}/${pool.target}`} className="border-t border-line">
              <td className="py-1.5">{pool.pool}</td>
              <td className="py-1.5">{pool.target}</td>
              <td className="py-1.5 text-right tabular-nums">{`${pool.total - pool.idle} / ${pool.max}`}</td>
              <td className="py-1.5 text-right tabular-nums">{pool.waiting}</td>
              <td className="py-1.5 text-right tabular-nums">{formatValue("ratio", pool.utilization)}</td>
              <td className="py-1.5 pl-3" data-testid={`pool-state-${pool.pool}-${pool.target}`}>
                <StateBadge state={thresholdState(pool.utilization, threshold)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReplicasTable({ replicas }: { replicas: DatabaseStatus["replicas"] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="sticky top-0 bg-panel text-left text-xs text-muted">
          <tr>
            <th className="py-1 font-medium">Replica</th>
            <th className="py-1 font-medium">Health</th>
            <th className="py-1 font-medium">Read rotation</th>
            <th className="py-1 font-medium">WAL receiver</th>
            <th className="py-1 text-right font-medium">Lag</th>
            <th className="py-1 text-right font-medium">Behind</th>
          </tr>
        </thead>
        <tbody>
          {replicas.map((replica) => (
            <tr key={replica.name} className="border-t border-line" data-testid={`replica-${replica.name}`}>
              <td className="py-1.5">{replica.name}</td>
              <td className="py-1.5" title={replica.error}>
                <StateBadge state={replica.healthy ? "ok" : "critical"} /> <span className="text-xs text-muted">{replica.healthy ? "healthy" : (replica.error ?? "unreachable")}</span>
              </td>
              <td className="py-1.5">{replica.inRotation ? "in rotation" : "out of rotation"}</td>
              <td className="py-1.5">{replica.replayPaused ? "replay paused" : (replica.receiverStatus ?? "—")}</td>
              <td className="py-1.5 text-right tabular-nums">{formatValue("seconds", replica.lagSeconds)}</td>
              <td className="py-1.5 text-right tabular-nums">{formatValue("bytes", replica.lagBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Pools and replicas now (tables) and over the chosen range (charts). */
export function DatabaseView() {
  const range = useTimeRange();
  const status = useDatabaseStatus();
  const history = useSignals(range, HISTORY_SIGNALS);
  const thresholds = useCapacityThresholds();
  const poolPercent = thresholds.data?.dbPoolUtilizationPercent;
  const annotations = useChartAnnotations(range);
  const statusError = status.error ? status.error.message : null;
  const historyError = history.error ? history.error.message : null;
  return (
    <section className="space-y-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Database</h1>
          <LiveStatus updatedAt={status.dataUpdatedAt} error={statusError} />
        </div>
        <TimeRangePicker />
      </header>
      {status.data ? <ReplicationMode mode={status.data.synchronousMode} /> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Connection pools" subtitle={poolPercent === undefined ? "threshold loading…" : `scale up above ${poolPercent} % utilized (threshold rule)`} isLoading={status.isLoading} error={statusError} isEmpty={!status.data} onRetry={() => void status.refetch()} minHeight={180}>
          {status.data ? <PoolsTable pools={status.data.pools} thresholdRatio={poolPercent === undefined ? undefined : poolPercent / 100} /> : null}
        </Panel>
        <Panel
          title="Read replicas"
          subtitle={status.data?.primaryReachable === false ? "primary unreachable" : undefined}
          isLoading={status.isLoading}
          error={statusError}
          isEmpty={!status.data || status.data.replicas.length === 0}
          emptyText="No read replicas configured: every read goes to the primary. Set DATABASE_REPLICA_URLS to add some."
          onRetry={() => void status.refetch()}
          minHeight={180}
        >
          {status.data ? <ReplicasTable replicas={status.data.replicas} /> : null}
        </Panel>
        <Panel
          title="Server settings"
          subtitle={status.data?.serverSettings ? `primary's SHOW vs the ${status.data.serverSettings.tier} tier's postgresql.conf` : undefined}
          isLoading={status.isLoading}
          error={statusError}
          isEmpty={!status.data?.serverSettings}
          emptyText="The primary could not be asked for its settings."
          onRetry={() => void status.refetch()}
          minHeight={180}
        >
          {status.data?.serverSettings ? <ServerSettingsTable comparison={status.data.serverSettings} /> : null}
        </Panel>
        {[
          { title: "Pool utilization", signals: ["db_pool_utilization"] },
          { title: "Replica lag (seconds)", signals: ["db_replica_lag_seconds"] },
          { title: "Replica lag (WAL bytes)", signals: ["db_replica_lag_bytes"] },
        ].map((chart) => (
          <SignalPanel key={chart.title} title={chart.title} signals={chart.signals} data={history.data} isLoading={history.isLoading} error={historyError} onRetry={() => void history.refetch()} annotations={annotations.data} />
        ))}
      </div>
    </section>
  );
}
