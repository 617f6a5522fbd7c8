import type { InstancesStatus } from "@/lib/cluster/instance";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import type { Orchestrator, OrchestratorStatus } from "./types";

/** The supervisor's IPC calls (lib/cluster/instance.ts); injected so tests pass fakes. */
export type LocalInstancesApi = {
  listInstances(): Promise<InstancesStatus | null>;
  scaleInstances(desired: number): Promise<InstancesStatus | null>;
};

const SINGLE_PROCESS = "this server runs a single process (development or APP_CLUSTER=false); scaling needs the local supervisor";

/**
 * The `local` orchestrator over the node:cluster supervisor. The supervisor knows only its
 * configured min/max, so an emergency floor is held here and every `scaleTo` is clamped to it;
 * the floor lives in this process, so callers must share one LocalOrchestrator.
 */
export class LocalOrchestrator implements Orchestrator {
  private override: { minReplicas: number; previousMinReplicas: number } | null = null;

  constructor(private readonly api: LocalInstancesApi) {}

  async describe(): Promise<OrchestratorStatus> {
    return this.toStatus(await this.list());
  }

  async scaleTo(replicas: number): Promise<OrchestratorStatus> {
    const status = await this.list();
    const floor = Math.max(status.min, this.override?.minReplicas ?? 0);
    return this.scale(Math.min(status.max, Math.max(floor, replicas)));
  }

  async raiseMinimum(minReplicas: number): Promise<OrchestratorStatus> {
    const status = await this.list();
    if (minReplicas > status.max) throw new ValidationError(`minimum ${minReplicas} exceeds the local maximum of ${status.max} instances (APP_MAX_INSTANCES)`);
    this.override = { minReplicas, previousMinReplicas: status.min };
    return this.scale(Math.max(status.desired, minReplicas));
  }

  async restoreMinimum(): Promise<OrchestratorStatus> {
    this.override = null;
    return this.describe();
  }

  private async list(): Promise<InstancesStatus> {
    const status = await this.api.listInstances();
    if (!status) throw new ConflictError(SINGLE_PROCESS);
    return status;
  }

  private async scale(replicas: number): Promise<OrchestratorStatus> {
    const status = await this.api.scaleInstances(replicas);
    if (!status) throw new ConflictError(SINGLE_PROCESS);
    return this.toStatus(status);
  }

  private toStatus(status: InstancesStatus): OrchestratorStatus {
    return {
      mode: "local",
      currentReplicas: status.instances.filter((instance) => instance.state !== "draining").length,
      readyReplicas: status.instances.filter((instance) => instance.state === "serving").length,
      desiredReplicas: status.desired,
      minReplicas: Math.max(status.min, this.override?.minReplicas ?? 0),
      maxReplicas: status.max,
      minimumOverride: this.override,
    };
  }
}
