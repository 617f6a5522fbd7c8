import { logger } from "@/lib/logging/logger";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { activeOverrides } from "../overrides";

/** The highest raised minimum among the active `min-instances` overrides; 0 when there is none. */
export async function emergencyMinimumReplicas(): Promise<number> {
  const overrides = await activeOverrides("min-instances");
  return Math.max(0, ...overrides.map((override) => Number(override.payload.minReplicas) || 0));
}

/**
 * The local autoscaler's policy with an emergency scale-up's raised minimum applied: the floor
 * lives in Postgres, so whichever instance leads the control loop honours it, and once the
 * override ends (or lapses) the policy's own minimum returns. A failed read keeps the last floor.
 */
export function withEmergencyMinimum(source: () => Promise<HpaPolicy>): () => Promise<HpaPolicy> {
  let floor = 0;
  return async () => {
    const policy = await source();
    try {
      floor = await emergencyMinimumReplicas();
    } catch (error) {
      logger.warn("could not read the emergency instance minimum; keeping the last one", { err: error });
    }
    if (floor <= policy.minReplicas) return policy;
    return { ...policy, minReplicas: floor, maxReplicas: Math.max(policy.maxReplicas, floor) };
  };
}
