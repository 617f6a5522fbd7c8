import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { formatValue } from "@/components/ops/format";
import type { PoolEvidence } from "@/lib/diagnostics/pool/detect";
import type { DetectorCard as Card } from "@/lib/diagnostics/sampler";
import { DetectorCard } from "./detector-card";
import { chartRange, formatClock, formatSeconds } from "./format";

function PoolTables({ evidence }: { evidence: PoolEvidence }) {
  const server = evidence.server;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-left text-xs font-medium text-muted">This instance&apos;s pools</caption>
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="font-medium">Pool</th>
              <th className="text-right font-medium">In use / max</th>
              <th className="text-right font-medium">Waiting</th>
              <th className="text-right font-medium">Waiting since</th>
              <th className="text-right font-medium">Acquire failures</th>
            </tr>
          </thead>
          <tbody>
            {evidence.pools.map((pool) => (
              <tr key={`${pool.pool}/${pool.target}`} className="border-t border-line">
                <td>{`${pool.pool} (${pool.target})`}</td>
                <td className="text-right tabular-nums">{`${pool.inUse} / ${pool.max}`}</td>
                <td className="text-right tabular-nums">{pool.waiting}</td>
                <td className="text-right tabular-nums">{pool.waitingSinceMs ? formatClock(pool.waitingSinceMs) : "—"}</td>
                <td className="text-right tabular-nums">{`${pool.acquireFailuresInWindow} new · ${pool.acquireFailuresTotal} total`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-left text-xs font-medium text-muted">
            {server ? `Server: ${server.inUse} of ${server.maxConnections} connections (${server.reservedConnections} reserved)` : "Server connections: Postgres could not be asked"}
          </caption>
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="font-medium">Application</th>
              <th className="font-medium">State</th>
              <th className="text-right font-medium">Sessions</th>
              <th className="text-right font-medium">Oldest</th>
            </tr>
          </thead>
          <tbody>
            {(server?.groups ?? []).map((group) => (
              <tr key={`${group.applicationName}/${group.state}`} className="border-t border-line">
                <td className="max-w-48 truncate" title={group.applicationName}>{group.applicationName}</td>
                <td>{group.state}</td>
                <td className="text-right tabular-nums">{group.count}</td>
                <td className="text-right tabular-nums">{formatSeconds(group.oldestAgeSeconds)}</td>
              </tr>
            ))}
            {(server?.idleInTransaction ?? []).map((session) => (
              <tr key={session.pid} className="border-t border-line text-xs">
                <td colSpan={4} title={session.query}>
                  {`idle in transaction: pid ${session.pid} (${session.applicationName}) for ${formatSeconds(session.idleSeconds)} — ${session.query}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function PoolCard({ card }: { card: Card<PoolEvidence> }) {
  const series = card.evidence.waitingSeries;
  const { fromMs, toMs } = chartRange(series.map(([t]) => t));
  return (
    <DetectorCard
      title="Connection pool exhaustion"
      card={card}
      chart={<TimeSeriesChart series={[{ key: "waiting", label: "Waiting clients", points: series }]} format={(value) => formatValue("count", value)} formatTime={formatClock} fromMs={fromMs} toMs={toMs} minYMax={4} height={160} />}
      evidence={<PoolTables evidence={card.evidence} />}
    />
  );
}
