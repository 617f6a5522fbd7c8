import { activeOverrides } from "@/lib/emergency/overrides";

/** The highest raised minimum among the active `min-instances` overrides; 0 when there is none. */
export async function emergencyMinimumReplicas(): Promise<number> {
  const overrides = await activeOverrides("min-instances");
  return Math.max(0, ...overrides.map((override) => Number(override.payload.minReplicas) || 0));
}
