"use client";

import { LiveStatus } from "@/components/ops/live-status";
import { Panel } from "@/components/ops/panel";
import { useInstances } from "@/components/ops/queries";

/** The leader's latest HPA decision, as the supervisor shares it, with the instances running now. */
export function LiveRecommendation() {
  const query = useInstances();
  const status = query.data;
  const decision = status?.autoscaler ?? null;
  const serving = status?.instances.filter((instance) => instance.state !== "draining").length ?? 0;
  return (
    <Panel title="Live recommendation" subtitle="from the control loop's autoscaler" isLoading={query.isLoading} error={query.error?.message ?? null} isEmpty={!status} onRetry={() => void query.refetch()} minHeight={170}>
      {status ? (
        <div className="space-y-2 text-sm" data-testid="live-recommendation">
          <LiveStatus updatedAt={query.dataUpdatedAt} error={query.error?.message ?? null} />
          <dl className="grid grid-cols-3 gap-3">
            <div>
              <dt className="text-xs text-muted">Instances now</dt>
              <dd className="text-2xl font-semibold tabular-nums" data-testid="current-instances">
                {serving}
              </dd>
              <dd className="text-xs text-muted">
                desired {status.desired}, limits {status.min}–{status.max}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Recommended</dt>
              <dd className="text-2xl font-semibold tabular-nums">{decision ? decision.desiredReplicas : "—"}</dd>
              <dd className="text-xs text-muted">{decision ? (decision.applied ? "applied" : "no change needed") : "no decision yet"}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">CPU · memory (of requests)</dt>
              <dd className="text-2xl font-semibold tabular-nums">{decision ? `${decision.cpuUtilizationPercent} % · ${decision.memoryUtilizationPercent} %` : "—"}</dd>
              <dd className="text-xs text-muted">{decision ? <time dateTime={decision.at} title={new Date(decision.at).toLocaleString()}>decided {new Date(decision.at).toLocaleTimeString()}</time> : null}</dd>
            </div>
          </dl>
          <p className="rounded bg-surface px-2 py-1 text-sm" data-testid="autoscaler-reason">
            {decision
              ? `Why: ${decision.reason}`
              : status.mode === "local"
                ? "The autoscaler has made no decision yet (it needs two samples), or autoscaling is off (AUTOSCALING_ENABLED=false)."
                : "This server runs a single process (APP_CLUSTER=false or development): there is nothing to scale, so the autoscaler does not run. The simulator below still replays the history."}
          </p>
        </div>
      ) : null}
    </Panel>
  );
}
