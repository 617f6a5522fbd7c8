import { KubeConfig } from "@kubernetes/client-node";
import { askSupervisorForInstances, listInstances } from "@/lib/cluster/instance";
import { env } from "@/lib/env";
import { KubernetesOrchestrator } from "./kubernetes";
import { LocalOrchestrator } from "./local";
import type { Orchestrator } from "./types";

export type { Orchestrator, OrchestratorStatus } from "./types";

/** The orchestrator ORCHESTRATOR names. Create one per process and share it (local holds its override floor in memory). */
export function createOrchestrator(): Orchestrator {
  const config = env();
  if (config.ORCHESTRATOR === "local") return new LocalOrchestrator({ listInstances, scaleInstances: askSupervisorForInstances });
  const kubeConfig = new KubeConfig();
  // In a pod: the service account; elsewhere: $KUBECONFIG or ~/.kube/config.
  kubeConfig.loadFromDefault();
  return new KubernetesOrchestrator(kubeConfig, { namespace: config.KUBERNETES_NAMESPACE, deployment: config.KUBERNETES_DEPLOYMENT, hpa: config.KUBERNETES_HPA });
}
