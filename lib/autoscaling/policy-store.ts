import type { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import { hpaPolicySchema, type HpaPolicy } from "@/lib/scaling/schemas";
import { findPolicy, type PolicyRow } from "./repo";

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

type ReplicaLimits = { minReplicas: number; maxReplicas: number };

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** The policy's min/max inside what this machine may run (APP_MIN/MAX_INSTANCES). */
export function clampToLocalLimits(policy: HpaPolicy, limits: ReplicaLimits): HpaPolicy {
  const minReplicas = clamp(policy.minReplicas, limits.minReplicas, limits.maxReplicas);
  return { ...policy, minReplicas, maxReplicas: clamp(policy.maxReplicas, minReplicas, limits.maxReplicas) };
}

/** A stored row as the policy schema reads it; undefined when the row no longer parses. */
export function parseStoredPolicy(row: PolicyRow | null): HpaPolicy | undefined {
  if (!row) return undefined;
  const parsed = hpaPolicySchema.safeParse(row.policy);
  if (parsed.success) return parsed.data;
  logger.warn("the stored autoscaling policy no longer parses; using the default", { issues: parsed.error.issues.length });
  return undefined;
}

/**
 * What the running autoscaler asks each tick: the stored policy (or the local default when none is
 * stored), min/max clamped to the local limits. A failed read keeps the last policy it had, so a
 * database blip never changes how the instances scale.
 */
export function storedPolicySource(client: PrismaClient, localDefault: () => HpaPolicy): () => Promise<HpaPolicy> {
  let last: HpaPolicy | undefined;
  return async () => {
    const fallback = localDefault();
    const limits = { minReplicas: fallback.minReplicas, maxReplicas: fallback.maxReplicas };
    try {
      last = clampToLocalLimits(parseStoredPolicy(await findPolicy(client)) ?? fallback, limits);
    } catch (error) {
      logger.warn("could not read the autoscaling policy; keeping the last one", { err: error });
    }
    return last ?? fallback;
  };
}
