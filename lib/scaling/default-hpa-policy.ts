import type { HpaPolicy } from "./schemas";

// The HorizontalPodAutoscaler from scalability-guide.md "Auto-Scaling Configuration", field for
// field. scaleDown names no selectPolicy there, so Kubernetes's default (Max) applies when the
// behavior is resolved; it is left out here so the object stays a faithful copy of the guide.
export const DEFAULT_HPA_POLICY: HpaPolicy = {
  minReplicas: 2,
  maxReplicas: 10,
  metrics: [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
    { type: "Resource", resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } } },
  ],
  behavior: {
    scaleDown: {
      stabilizationWindowSeconds: 300,
      policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
    },
    scaleUp: {
      stabilizationWindowSeconds: 0,
      policies: [
        { type: "Percent", value: 100, periodSeconds: 15 },
        { type: "Pods", value: 4, periodSeconds: 60 },
      ],
      selectPolicy: "Max",
    },
  },
};
