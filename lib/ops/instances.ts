import { recordAudit } from "@/lib/audit";
import { scaleTo, sharedOrchestrator } from "@/lib/capacity";
import type { OrchestratorStatus } from "@/lib/capacity/orchestrators";
import { listInstances } from "@/lib/cluster/instance";
import { findControlLoopLeaderPid } from "@/lib/control-loop/leader";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

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

export async function getInstances() {
  const leader = findControlLoopLeaderPid(db().targets.primary.pool);
  if (env().ORCHESTRATOR === "kubernetes") return { ...fromKubernetes(await sharedOrchestrator().describe()), controlLoopLeaderPid: await leader };
  const [status, controlLoopLeaderPid] = await Promise.all([listInstances(), leader]);
  return { ...(status ?? singleProcess()), controlLoopLeaderPid };
}

/** Who asks for a scale, for the audit entry written before the orchestrator acts. */
export type ScaleActor = { userId: string; email: string; requestId: string };

/**
 * Scales the orchestrator within its min/max and the emergency floor; the answer shows where it settled. The
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
  // An emergency scale-up's raised minimum holds against manual scaling too (scaleTo applies it).
  const { status } = await scaleTo({ replicas: desired, source: "manual" });
  if (status.mode === "kubernetes") return { ...fromKubernetes(status), controlLoopLeaderPid: await findControlLoopLeaderPid(db().targets.primary.pool) };
  return getInstances();
}
