import { parseAllDocuments } from "yaml";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import { renderKubernetesManifests } from "./kubernetes";

// The autoscaling/v2 fields we emit, with Kubernetes's own validation bounds.
const policySchema = z.object({ type: z.enum(["Pods", "Percent"]), value: z.int().positive(), periodSeconds: z.int().min(1).max(1800) });
const rulesSchema = z.object({ stabilizationWindowSeconds: z.int().min(0).max(3600).optional(), selectPolicy: z.enum(["Max", "Min", "Disabled"]).optional(), policies: z.array(policySchema).min(1) });
const hpaV2Schema = z.strictObject({
  apiVersion: z.literal("autoscaling/v2"),
  kind: z.literal("HorizontalPodAutoscaler"),
  metadata: z.object({ name: z.string().min(1) }),
  spec: z.strictObject({
    scaleTargetRef: z.strictObject({ apiVersion: z.literal("apps/v1"), kind: z.literal("Deployment"), name: z.string().min(1) }),
    minReplicas: z.int().positive(),
    maxReplicas: z.int().positive(),
    metrics: z
      .array(z.strictObject({ type: z.literal("Resource"), resource: z.strictObject({ name: z.enum(["cpu", "memory"]), target: z.strictObject({ type: z.literal("Utilization"), averageUtilization: z.int().positive() }) }) }))
      .min(1),
    behavior: z.strictObject({ scaleUp: rulesSchema.optional(), scaleDown: rulesSchema.optional() }).optional(),
  }),
});

function documents(text: string): Array<{ kind: string; metadata: { name: string }; spec: Record<string, unknown> }> {
  return parseAllDocuments(text).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS();
  });
}

describe("renderKubernetesManifests", () => {
  const [deployment, service, hpa] = documents(renderKubernetesManifests({ tier: "large", image: "registry.example.com/agency-toolkit:1.4.0" }));

  test("emits a Deployment, a Service and an HPA, in that order", () => {
    expect([deployment?.kind, service?.kind, hpa?.kind]).toEqual(["Deployment", "Service", "HorizontalPodAutoscaler"]);
  });

  test("the HPA is a valid autoscaling/v2 object carrying the guide's policy, targeting the Deployment", () => {
    const parsed = hpaV2Schema.parse(hpa);
    expect(parsed.spec.scaleTargetRef.name).toBe(deployment?.metadata.name);
    expect(parsed.spec).toMatchObject({ minReplicas: 5, maxReplicas: 10, metrics: DEFAULT_HPA_POLICY.metrics, behavior: DEFAULT_HPA_POLICY.behavior });
  });

  test.each([
    ["small", 2, 2],
    ["medium", 3, 5],
    ["large", 5, 10],
  ] as const)("the %s tier's HPA ranges %i–%i instances, as the guide sizes it, and the Deployment starts at the floor", (tier, min, max) => {
    const [tierDeployment, , tierHpa] = documents(renderKubernetesManifests({ tier, image: "a:1" }));
    expect(hpaV2Schema.parse(tierHpa).spec).toMatchObject({ minReplicas: min, maxReplicas: max });
    expect(tierDeployment?.spec.replicas).toBe(min);
  });

  test("the HPA follows a given policy", () => {
    const policy = { ...DEFAULT_HPA_POLICY, minReplicas: 5, maxReplicas: 7, behavior: { scaleDown: { stabilizationWindowSeconds: 3600, policies: [{ type: "Pods" as const, value: 1, periodSeconds: 1800 }] } } };
    const [, , custom] = documents(renderKubernetesManifests({ tier: "small", image: "a:1", hpaPolicy: policy }));
    expect(hpaV2Schema.parse(custom).spec).toMatchObject({ minReplicas: 5, maxReplicas: 7, behavior: policy.behavior });
  });

  test("the Deployment requests the tier's CPU and memory and probes liveness and readiness", () => {
    const container = z
      .object({ spec: z.object({ template: z.object({ spec: z.object({ containers: z.array(z.record(z.string(), z.unknown())).length(1) }) }) }) })
      .parse(deployment).spec.template.spec.containers[0]!;
    expect(container).toMatchObject({
      image: "registry.example.com/agency-toolkit:1.4.0",
      resources: { requests: { cpu: "8", memory: "16Gi" }, limits: { memory: "16Gi" } },
      livenessProbe: { httpGet: { path: "/api/health", port: "http" } },
      readinessProbe: { httpGet: { path: "/api/ready", port: "http" } },
    });
  });

  test("the Service selects the Deployment's pods", () => {
    expect(service?.spec.selector).toEqual({ "app.kubernetes.io/name": "agency-toolkit" });
    expect(service?.spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http" }]);
  });
});
