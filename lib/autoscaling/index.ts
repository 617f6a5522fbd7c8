import { db } from "@/lib/db/client";
import { withEmergencyMinimum } from "@/lib/emergency/procedures/scale-up-floor";
import { env } from "@/lib/env";
import { Autoscaler } from "./autoscaler";
import { currentAutoscalingPause } from "./pause";
import { localAutoscalingPolicy, storedPolicySource } from "./policy-store";

export { localAutoscalingPolicy } from "./policy-store";
export { registerAutoscalingRoutes } from "./routes";

export function createLocalAutoscaler(): Autoscaler | undefined {
  const config = env();
  if (!config.AUTOSCALING_ENABLED) return undefined;
  return new Autoscaler(
    // Each tick reads the policy an operator saved on the autoscaling page (the guide's by default),
    // with an emergency scale-up's raised minimum while one holds.
    withEmergencyMinimum(storedPolicySource(db().primary, localAutoscalingPolicy)),
    { cpuMilliPerInstance: config.APP_CPU_REQUEST_MILLICORES, memoryBytesPerInstance: config.APP_MEMORY_REQUEST_MB * 2 ** 20 },
    config.METRICS_SAMPLE_INTERVAL_SECONDS * 1000,
    currentAutoscalingPause,
  );
}
