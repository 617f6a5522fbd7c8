import { recordAudit } from "@/lib/audit";
import { listInstances, scaleInstances } from "@/lib/cluster/instance";
import { findControlLoopLeaderPid } from "@/lib/control-loop/leader";
import { db } from "@/lib/db/client";
import { emergencyMinimumReplicas } from "@/lib/emergency/procedures/scale-up-floor";
import { env } from "@/lib/env";
import { createOrchestrator, type Orchestrator, type OrchestratorStatus } from "@/lib/orchestrators";
import { processSingleton } from "@/lib/process-singleton";
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

/** Behind Kubernetes the Deployment's scale and the HPA say where the replicas stand. */
function fromKubernetes(status: OrchestratorStatus) {
  return { mode: "kubernetes" as const, desired: status.desiredReplicas, min: status.minReplicas, max: status.maxReplicas, autoscaler: null, instances: [] };
}

function orchestrator(): Orchestrator {
  return processSingleton("orchestrator", createOrchestrator);
}

export async function getInstances() {
  const leader = findControlLoopLeaderPid(db().targets.primary.pool);
  if (env().ORCHESTRATOR === "kubernetes") return { ...fromKubernetes(await orchestrator().describe()), controlLoopLeaderPid: await leader };
  const [status, controlLoopLeaderPid] = await Promise.all([listInstances(), leader]);
  return { ...(status ?? singleProcess()), controlLoopLeaderPid };
}

/** Who asks for a scale, for the audit entry written before the orchestrator acts. */
export type ScaleActor = { userId: string; email: string; requestId: string };

/**
 * Scales the local orchestrator within its min/max; the answer shows where it settled. The
 * orchestrator's change is not transactional, so the audit entry is written first.
 */
export async function setInstanceCount(desired: number, actor: ScaleActor) {
  const current = await getInstances();
  await recordAudit(db().primary, {
    actorUserId: actor.userId,
    actorEmail: actor.email,
    tenantId: null,
    action: "instances.scale",
    target: `orchestrator:${env().ORCHESTRATOR}`,
    before: { desired: current.desired, min: current.min, max: current.max },
    after: { requested: desired },
    requestId: actor.requestId,
  });
  if (env().ORCHESTRATOR === "kubernetes") {
    return { ...fromKubernetes(await orchestrator().scaleTo(desired)), controlLoopLeaderPid: await findControlLoopLeaderPid(db().targets.primary.pool) };
  }
  // An emergency scale-up's raised minimum holds against manual scaling too, until it ends.
  const status = await scaleInstances(Math.max(desired, await emergencyMinimumReplicas()));
  if (!status) throw new ConflictError("this server runs a single process (development or APP_CLUSTER=false); scaling needs the local supervisor");
  return { ...status, controlLoopLeaderPid: await findControlLoopLeaderPid(db().targets.primary.pool) };
}
