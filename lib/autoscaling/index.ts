import { db } from "@/lib/db/client";
import { lastGoodThresholds, readCapacityThresholds } from "@/lib/capacity/thresholds";
import { env } from "@/lib/env";
import { Autoscaler } from "@/lib/capacity/autoscaler";
import { currentAutoscalingPause } from "./pause";
import { localAutoscalingPolicy, storedPolicySource } from "./policy-store";

export { localAutoscalingPolicy } from "./policy-store";
export { registerAutoscalingRoutes } from "./routes";

export function createLocalAutoscaler(): Autoscaler | undefined {
  const config = env();
  if (!config.AUTOSCALING_ENABLED) return undefined;
  return new Autoscaler(
    // Each tick reads the policy an operator saved on the autoscaling page (the guide's by default);
    // an emergency scale-up's raised minimum is held by scaleTo, not by the policy.
    storedPolicySource(db().primary, localAutoscalingPolicy),
    { cpuMilliPerInstance: config.APP_CPU_REQUEST_MILLICORES, memoryBytesPerInstance: config.APP_MEMORY_REQUEST_MB * 2 ** 20 },
    config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000,
    currentAutoscalingPause,
    lastGoodThresholds(() => readCapacityThresholds(db().primary)),
  );
}
