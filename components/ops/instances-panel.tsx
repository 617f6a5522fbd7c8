"use client";

import { Panel } from "./panel";
import { useInstances, type InstancesStatus } from "./queries";

/** The running instance count: the Instances tile and this panel both show this figure. */
export function countRunningInstances(status: InstancesStatus): number {
  return status.mode === "kubernetes" ? status.desired : status.instances.filter((instance) => instance.state !== "draining").length;
}

/** How many app instances run, who runs the control loop, and the autoscaler's latest reasoning. */
export function InstancesPanel() {
  const query = useInstances();
  const status = query.data;
  return (
    <Panel title="Instances and autoscaling" isLoading={query.isLoading} error={query.error?.message ?? null} isEmpty={!status} onRetry={() => void query.refetch()} minHeight={150}>
      {status ? (
        <div className="space-y-2 text-sm">
          <p>
            <span className="text-2xl font-semibold tabular-nums" data-testid="instance-count">
              {countRunningInstances(status)}
            </span>{" "}
            {status.mode === "local"
              ? `instances (desired ${status.desired}, limits ${status.min}–${status.max})`
              : status.mode === "kubernetes"
                ? `replicas wanted by the Deployment (HPA limits ${status.min}–${status.max})`
                : "process (single-process mode: no scaling)"}
          </p>
          <ul className="flex flex-wrap gap-2 text-xs">
            {status.instances.map((instance) => (
              <li key={instance.id} className="rounded border border-line px-2 py-0.5">
                pid {instance.pid} · {instance.state}
                {instance.pid === status.controlLoopLeaderPid ? " · control loop" : ""}
              </li>
            ))}
          </ul>
          <p className="text-xs text-muted" data-testid="autoscaler-reason">
            {status.autoscaler ? `Autoscaler: ${status.autoscaler.reason}` : status.mode === "local" ? "Autoscaler: no decision yet (or autoscaling is off)." : ""}
          </p>
        </div>
      ) : null}
    </Panel>
  );
}
