import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { TIER_RESOURCES, type SizingTier } from "./tiers";
import { toYamlDocuments } from "./yaml";

export type KubernetesExportInput = {
  tier: SizingTier;
  image: string;
  /** The HPA spec fields; the guide's policy with the tier's instance range unless given. */
  hpaPolicy?: HpaPolicy;
  name?: string;
  containerPort?: number;
};

const DEFAULT_NAME = "agency-toolkit";
const DEFAULT_CONTAINER_PORT = 3000;

/** Deployment, Service and HorizontalPodAutoscaler (autoscaling/v2) as plain objects. */
function buildKubernetesManifests(input: KubernetesExportInput) {
  const name = input.name ?? DEFAULT_NAME;
  const port = input.containerPort ?? DEFAULT_CONTAINER_PORT;
  const app = TIER_RESOURCES[input.tier].app;
  // The guide's behavior and targets, with the tier's instance range (small 2, medium 3–5, large 5–10).
  const policy = input.hpaPolicy ?? { ...DEFAULT_HPA_POLICY, minReplicas: app.minInstances, maxReplicas: app.maxInstances };
  const labels = { "app.kubernetes.io/name": name };
  const probe = (path: string, periodSeconds: number) => ({ httpGet: { path, port: "http" }, periodSeconds, timeoutSeconds: 2, failureThreshold: 3 });
  // Requests are the tier's machine; the memory limit equals the request so a pod is never
  // killed for memory its node promised to someone else. CPU gets no limit (no throttling).
  const resources = { requests: { cpu: String(app.vcpus), memory: `${app.memoryGb}Gi` }, limits: { memory: `${app.memoryGb}Gi` } };
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels },
    spec: {
      // The HPA owns the count from here on; start at its floor.
      replicas: policy.minReplicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: input.image,
              ports: [{ name: "http", containerPort: port }],
              env: [{ name: "PORT", value: String(port) }, { name: "HOST", value: "0.0.0.0" }, { name: "APP_CLUSTER", value: "false" }],
              resources,
              livenessProbe: probe("/api/health", 10),
              readinessProbe: probe("/api/ready", 5),
            },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels },
    spec: { type: "ClusterIP", selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  };
  const hpa = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: `${name}-hpa`, labels },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      minReplicas: policy.minReplicas,
      maxReplicas: policy.maxReplicas,
      metrics: policy.metrics,
      ...(policy.behavior ? { behavior: policy.behavior } : {}),
    },
  };
  return [deployment, service, hpa];
}

/** The three manifests as one multi-document YAML file for `kubectl apply -f`. */
export function renderKubernetesManifests(input: KubernetesExportInput): string {
  return toYamlDocuments(buildKubernetesManifests(input));
}
