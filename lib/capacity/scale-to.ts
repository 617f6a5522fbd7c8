import { processSingleton } from "@/lib/process-singleton";
import { emergencyMinimumReplicas } from "./emergency-floor";
import { createOrchestrator, type Orchestrator, type OrchestratorStatus } from "./orchestrators";

/**
 * What may change capacity, and why. A replica count is held up by the emergency floor; a raised
 * floor lifts the autoscaler's minimum and the replicas with it; "restore" puts the floor back.
 */
export type CapacityTarget =
  | { replicas: number; source: "autoscaler" | "manual" }
  | { minReplicas: number; source: "emergency" }
  | { minReplicas: "restore"; source: "emergency" | "override-ended" };

export type CapacityOutcome = {
  status: OrchestratorStatus;
  /** The raised minimum in force when the change was made (0: none). */
  emergencyFloor: number;
  /** The replica count asked for was below the emergency floor, so the floor was applied instead. */
  isHeldByFloor: boolean;
};

export type CapacityDeps = {
  orchestrator: Orchestrator;
  /** The highest active `min-instances` override, read from Postgres so every instance agrees. */
  emergencyFloor(): Promise<number>;
};

/** One orchestrator per process: the local one keeps its raised floor in memory. */
export function sharedOrchestrator(): Orchestrator {
  return processSingleton("orchestrator", createOrchestrator);
}

const defaultDeps = (): CapacityDeps => ({ orchestrator: sharedOrchestrator(), emergencyFloor: emergencyMinimumReplicas });

/**
 * The only way capacity changes: the autoscaler, manual scaling, the emergency scale-up and the
 * end of its override all call this, so the emergency floor is enforced here and nowhere else.
 * An unreadable floor fails the change rather than risk scaling below a held minimum.
 */
export async function scaleTo(target: CapacityTarget, deps: CapacityDeps = defaultDeps()): Promise<CapacityOutcome> {
  if ("replicas" in target) {
    const emergencyFloor = await deps.emergencyFloor();
    const replicas = Math.max(target.replicas, emergencyFloor);
    return { status: await deps.orchestrator.scaleTo(replicas), emergencyFloor, isHeldByFloor: replicas !== target.replicas };
  }
  if (target.minReplicas === "restore") {
    return { status: await deps.orchestrator.restoreMinimum(), emergencyFloor: 0, isHeldByFloor: false };
  }
  return { status: await deps.orchestrator.raiseMinimum(target.minReplicas), emergencyFloor: target.minReplicas, isHeldByFloor: false };
}
