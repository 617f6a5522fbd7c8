import { env } from "@/lib/env";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { Autoscaler } from "./autoscaler";

/** The guide's HPA policy, sized to this machine's instance limits (and an optional window override). */
export function localAutoscalingPolicy(): HpaPolicy {
  const config = env();
  const scaleDown = DEFAULT_HPA_POLICY.behavior?.scaleDown;
  const window = config.AUTOSCALING_SCALE_DOWN_STABILIZATION_SECONDS;
  return {
    ...DEFAULT_HPA_POLICY,
    minReplicas: config.APP_MIN_INSTANCES,
    maxReplicas: config.APP_MAX_INSTANCES,
    behavior: { ...DEFAULT_HPA_POLICY.behavior, scaleDown: { ...scaleDown, ...(window === undefined ? {} : { stabilizationWindowSeconds: window }) } },
  };
}

export function createLocalAutoscaler(): Autoscaler | undefined {
  const config = env();
  if (!config.AUTOSCALING_ENABLED) return undefined;
  return new Autoscaler(
    localAutoscalingPolicy(),
    { cpuMilliPerInstance: config.APP_CPU_REQUEST_MILLICORES, memoryBytesPerInstance: config.APP_MEMORY_REQUEST_MB * 2 ** 20 },
    config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000,
  );
}
