import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { formatValue } from "@/components/ops/format";
import type { LockEvidence } from "@/lib/diagnostics/locks/detect";
import type { DetectorCard as Card } from "@/lib/diagnostics/sampler";
import { BlockerAction } from "./blocker-action";
import { DetectorCard } from "./detector-card";
import { chartRange, formatClock, formatSeconds } from "./format";

function Chains({ evidence, canAct }: { evidence: LockEvidence; canAct: boolean }) {
  if (evidence.chains.length === 0) {
    return <p className="text-sm text-muted">No session is waiting on a lock. Blocking chains appear here when one transaction holds a lock another needs.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="text-left text-xs font-medium text-muted">Blocking chains</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th className="font-medium">pid</th>
            <th className="font-medium">Role</th>
            <th className="font-medium">Application / state</th>
            <th className="font-medium">Query</th>
            <th className="text-right font-medium">Waiting</th>
            <th className="text-right font-medium">Transaction age</th>
          </tr>
        </thead>
        {evidence.chains.map((chain) => (
          <tbody key={chain.root.pid} data-testid={`chain-${chain.root.pid}`}>
            <tr className="border-t border-line align-top">
              <td className="tabular-nums">{chain.root.pid}</td>
              <td className="font-medium text-danger">blocking</td>
              <td>{`${chain.root.applicationName} · ${chain.root.state}`}</td>
              <td className="max-w-md break-all font-mono text-xs">
                {chain.root.query}
                <div>
                  <BlockerAction pid={chain.root.pid} canAct={canAct} />
                </div>
              </td>
              <td className="text-right tabular-nums">—</td>
              <td className="text-right tabular-nums">{formatSeconds(chain.root.transactionAgeSeconds)}</td>
            </tr>
            {chain.waiting.map((session) => (
              <tr key={session.pid} className="border-t border-line align-top">
                <td className="tabular-nums">{session.pid}</td>
                <td style={{ paddingLeft: `${session.depth * 0.75}rem` }}>{`waits on ${session.blockingPids.join(", ")}`}</td>
                <td>{`${session.applicationName} · ${session.waitEvent ?? session.state}`}</td>
                <td className="max-w-md break-all font-mono text-xs">{session.query}</td>
                <td className="text-right tabular-nums">{formatSeconds(session.queryAgeSeconds)}</td>
                <td className="text-right tabular-nums">{formatSeconds(session.transactionAgeSeconds)}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function SlowStatements({ statements }: { statements: LockEvidence["statements"] }) {
  if (!statements.available) return <p className="text-xs text-muted">{`Slowest statements: ${statements.reason}`}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="mt-2 w-full text-xs">
        <caption className="text-left font-medium text-muted">Slowest statements (pg_stat_statements, by mean time)</caption>
        <tbody>
          {statements.statements.map((statement) => (
            <tr key={statement.query} className="border-t border-line">
              <td className="max-w-md truncate font-mono" title={statement.query}>{statement.query}</td>
              <td className="text-right tabular-nums">{`${statement.calls} calls`}</td>
              <td className="text-right tabular-nums">{`${statement.meanMs.toFixed(1)} ms mean`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LocksCard({ card, canAct }: { card: Card<LockEvidence>; canAct: boolean }) {
  const series = card.evidence.blockedSeries;
  const { fromMs, toMs } = chartRange(series.map(([t]) => t));
  return (
    <DetectorCard
      title="Lock contention"
      card={card}
      chart={<TimeSeriesChart series={[{ key: "blocked", label: "Blocked sessions", points: series }]} format={(value) => formatValue("count", value)} formatTime={formatClock} fromMs={fromMs} toMs={toMs} minYMax={4} height={160} />}
      evidence={
        <>
          <Chains evidence={card.evidence} canAct={canAct} />
          <SlowStatements statements={card.evidence.statements} />
        </>
      }
    />
  );
}
