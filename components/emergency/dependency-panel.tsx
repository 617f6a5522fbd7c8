"use client";

import { Panel } from "@/components/ops/panel";
import { useDependencyBreakers } from "./queries";

function stateClass(state: string): string {
  if (state === "closed" || state === "in rotation") return "bg-ok/15 text-ok";
  if (state === "half-open" || state === "out of rotation") return "bg-warn/20 text-ink";
  if (state === "not configured") return "bg-line text-muted";
  return "bg-danger/15 text-danger";
}

/** The automatic breakers: they open and close by themselves; shown so a person sees their state. */
export function DependencyPanel() {
  const dependencies = useDependencyBreakers();
  const data = dependencies.data;
  return (
    <Panel title="Automatic dependency breakers" subtitle="this instance" isLoading={dependencies.isLoading} error={dependencies.error?.message ?? null} isEmpty={!data} onRetry={() => void dependencies.refetch()} minHeight={140}>
      {data ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-muted">
                <th className="py-1 font-medium">Dependency</th>
                <th className="py-1 font-medium">State</th>
                <th className="py-1 text-right font-medium">Lag</th>
                <th className="py-1 pl-4 font-medium">Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              <tr>
                <td className="py-1.5">Redis (cache L2)</td>
                <td className="py-1.5">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${stateClass(data.redis.state)}`}>{data.redis.state}</span>
                </td>
                <td className="py-1.5 text-right text-muted">–</td>
                <td className="py-1.5 pl-4 text-muted">{data.redis.detail}</td>
              </tr>
              {data.replicas.map((replica) => (
                <tr key={replica.name}>
                  <td className="py-1.5">{`Replica ${replica.name}`}</td>
                  <td className="py-1.5">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${stateClass(replica.state)}`}>{replica.state}</span>
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{replica.lagSeconds === null ? "–" : `${replica.lagSeconds.toFixed(1)} s`}</td>
                  <td className="py-1.5 pl-4 text-muted">{replica.detail}</td>
                </tr>
              ))}
              {data.replicas.length === 0 ? (
                <tr>
                  <td colSpan={4} className="py-1.5 text-muted">
                    No read replicas configured: reads go to the primary.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
