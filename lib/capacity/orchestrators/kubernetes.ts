import { AppsV1Api, AutoscalingV2Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Scale, type V2HorizontalPodAutoscaler } from "@kubernetes/client-node";
import { ValidationError } from "@/lib/http/errors";
import { toAppError } from "./kubernetes-errors";
import type { Orchestrator, OrchestratorStatus } from "./types";

export type KubernetesTarget = { namespace: string; deployment: string; hpa: string };

/**
 * Kept on the HPA itself, so restoring works from any instance and after a restart, and a second
 * raise keeps the floor from before the first one.
 */
export const PREVIOUS_MIN_REPLICAS_ANNOTATION = "agency-toolkit/previous-min-replicas";

// Merge patches: the body is the part of the object to change. Each carries the resourceVersion
// that was read, so a concurrent writer makes the API server answer 409 instead of losing an update.
const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** The `kubernetes` orchestrator: a Deployment's scale subresource and the HPA that targets it. */
export class KubernetesOrchestrator implements Orchestrator {
  private readonly apps: AppsV1Api;
  private readonly autoscaling: AutoscalingV2Api;

  constructor(kubeConfig: KubeConfig, private readonly target: KubernetesTarget) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.autoscaling = kubeConfig.makeApiClient(AutoscalingV2Api);
  }

  async describe(): Promise<OrchestratorStatus> {
    const [scale, hpa] = await Promise.all([this.readScale(), this.readHpa()]);
    return toStatus(scale, hpa);
  }

  async scaleTo(replicas: number): Promise<OrchestratorStatus> {
    // Not clamped to the HPA's limits: the HPA owns them and moves the Deployment back within
    // them at its next sync; an emergency that needs more replicas uses raiseMinimum.
    const scaled = await this.patchScale(await this.readScale(), replicas);
    return toStatus(scaled, await this.readHpa());
  }

  async raiseMinimum(minReplicas: number): Promise<OrchestratorStatus> {
    const hpa = await this.readHpa();
    const maxReplicas = hpa.spec?.maxReplicas ?? 0;
    if (minReplicas > maxReplicas) throw new ValidationError(`minimum ${minReplicas} exceeds the HPA's maxReplicas of ${maxReplicas}`);
    const previous = previousMinimum(hpa) ?? hpa.spec?.minReplicas ?? 1;
    const raised = await this.patchHpa(hpa, { [PREVIOUS_MIN_REPLICAS_ANNOTATION]: String(previous) }, minReplicas);
    // Scale now: the HPA would only get there at its next sync, and only if metrics allow it.
    const scale = await this.readScale();
    const current = scale.spec?.replicas ?? 0;
    return toStatus(current >= minReplicas ? scale : await this.patchScale(scale, minReplicas), raised);
  }

  async restoreMinimum(): Promise<OrchestratorStatus> {
    const hpa = await this.readHpa();
    const previous = previousMinimum(hpa);
    // Scaling back down is left to the HPA, at the pace of its scale-down behavior.
    const restored = previous === null ? hpa : await this.patchHpa(hpa, { [PREVIOUS_MIN_REPLICAS_ANNOTATION]: null }, previous);
    return toStatus(await this.readScale(), restored);
  }

  private readScale(): Promise<V1Scale> {
    const { namespace, deployment } = this.target;
    return this.apps.readNamespacedDeploymentScale({ name: deployment, namespace }).catch((error: unknown) => {
      throw toAppError(error, `Deployment ${namespace}/${deployment} scale`, "KUBERNETES_DEPLOYMENT");
    });
  }

  private patchScale(scale: V1Scale, replicas: number): Promise<V1Scale> {
    const { namespace, deployment } = this.target;
    const body = { metadata: { resourceVersion: scale.metadata?.resourceVersion }, spec: { replicas } };
    return this.apps.patchNamespacedDeploymentScale({ name: deployment, namespace, body }, MERGE_PATCH).catch((error: unknown) => {
      throw toAppError(error, `Deployment ${namespace}/${deployment} scale`, "KUBERNETES_DEPLOYMENT");
    });
  }

  private readHpa(): Promise<V2HorizontalPodAutoscaler> {
    const { namespace, hpa } = this.target;
    return this.autoscaling.readNamespacedHorizontalPodAutoscaler({ name: hpa, namespace }).catch((error: unknown) => {
      throw toAppError(error, `HorizontalPodAutoscaler ${namespace}/${hpa}`, "KUBERNETES_HPA");
    });
  }

  private patchHpa(hpa: V2HorizontalPodAutoscaler, annotations: Record<string, string | null>, minReplicas: number): Promise<V2HorizontalPodAutoscaler> {
    const { namespace, hpa: name } = this.target;
    const body = { metadata: { resourceVersion: hpa.metadata?.resourceVersion, annotations }, spec: { minReplicas } };
    return this.autoscaling.patchNamespacedHorizontalPodAutoscaler({ name, namespace, body }, MERGE_PATCH).catch((error: unknown) => {
      throw toAppError(error, `HorizontalPodAutoscaler ${namespace}/${name}`, "KUBERNETES_HPA");
    });
  }
}

function previousMinimum(hpa: V2HorizontalPodAutoscaler): number | null {
  const value = Number(hpa.metadata?.annotations?.[PREVIOUS_MIN_REPLICAS_ANNOTATION]);
  return Number.isInteger(value) && value > 0 ? value : null;
}

function toStatus(scale: V1Scale, hpa: V2HorizontalPodAutoscaler): OrchestratorStatus {
  const minReplicas = hpa.spec?.minReplicas ?? 1;
  const previousMinReplicas = previousMinimum(hpa);
  return {
    mode: "kubernetes",
    currentReplicas: scale.status?.replicas ?? 0,
    desiredReplicas: scale.spec?.replicas ?? 0,
    minReplicas,
    maxReplicas: hpa.spec?.maxReplicas ?? minReplicas,
    minimumOverride: previousMinReplicas === null ? null : { minReplicas, previousMinReplicas },
  };
}
