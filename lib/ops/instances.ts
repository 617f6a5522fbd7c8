import { listInstances, scaleInstances, type InstancesStatus } from "@/lib/cluster/instance";
import { findControlLoopLeaderPid } from "@/lib/control-loop/leader";
import { db } from "@/lib/db/client";
import { ConflictError } from "@/lib/http/errors";

/** Without the supervisor (development, tests) there is just this process. */
function singleProcess() {
  return {
    mode: "single" as const,
    desired: 1,
    min: 1,
    max: 1,
    autoscaler: null,
    instances: [{ id: 0, pid: process.pid, startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(), state: "serving" as const }],
  };
}

export async function getInstances(): Promise<(InstancesStatus | ReturnType<typeof singleProcess>) & { controlLoopLeaderPid: number | null }> {
  const [status, controlLoopLeaderPid] = await Promise.all([listInstances(), findControlLoopLeaderPid(db().targets.primary.pool)]);
  return { ...(status ?? singleProcess()), controlLoopLeaderPid };
}

/** Scales the local orchestrator within its min/max; the answer shows where it settled. */
export async function setInstanceCount(desired: number) {
  const status = await scaleInstances(desired);
  if (!status) throw new ConflictError("this server runs a single process (development or APP_CLUSTER=false); scaling needs the local supervisor");
  return { ...status, controlLoopLeaderPid: await findControlLoopLeaderPid(db().targets.primary.pool) };
}
