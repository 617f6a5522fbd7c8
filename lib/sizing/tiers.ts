// The three sizes of scalability-guide.md "Resource Planning", as data. Pure: no I/O, no env.

export const SIZING_TIERS = ["small", "medium", "large"] as const;
export type SizingTier = (typeof SIZING_TIERS)[number];

type Machine = { vcpus: number; memoryGb: number };

type TierResources = {
  /** Active users this tier is sized for; `maxActiveUsers` null means no upper bound. */
  minActiveUsers: number;
  maxActiveUsers: number | null;
  app: Machine & { minInstances: number; maxInstances: number; storageGb: number };
  /** `storageGb` of the replicas only where the guide names it (small: 100GB SSD). */
  database: { master: Machine & { storageGb: number }; replicas: Machine & { count: number; storageGb?: number } };
  cache: Machine & { nodes: number };
  loadBalancer: Machine & { instances: number };
  /** The guide's CDN line (large only: "Global distribution"); null where it names none. */
  cdn: string | null;
};

// The guide's ranges overlap at their ends ("1-100", "100-1000", "1000+"): we read each upper
// bound as inclusive, so 100 users is still small and 1000 is still medium; 0 users is small.
// The small replica's storage (100GB SSD) is in the guide; the others name none, so it is left out
// there. Only the large tier names a CDN.
export const TIER_RESOURCES: Record<SizingTier, TierResources> = {
  small: {
    minActiveUsers: 0,
    maxActiveUsers: 100,
    app: { minInstances: 2, maxInstances: 2, vcpus: 2, memoryGb: 4, storageGb: 50 },
    database: { master: { vcpus: 2, memoryGb: 8, storageGb: 100 }, replicas: { count: 1, vcpus: 1, memoryGb: 4, storageGb: 100 } },
    cache: { nodes: 1, vcpus: 1, memoryGb: 2 },
    loadBalancer: { instances: 1, vcpus: 1, memoryGb: 1 },
    cdn: null,
  },
  medium: {
    minActiveUsers: 101,
    maxActiveUsers: 1000,
    app: { minInstances: 3, maxInstances: 5, vcpus: 4, memoryGb: 8, storageGb: 100 },
    database: { master: { vcpus: 4, memoryGb: 16, storageGb: 500 }, replicas: { count: 2, vcpus: 2, memoryGb: 8 } },
    cache: { nodes: 3, vcpus: 2, memoryGb: 4 },
    loadBalancer: { instances: 2, vcpus: 2, memoryGb: 2 },
    cdn: null,
  },
  large: {
    minActiveUsers: 1001,
    maxActiveUsers: null,
    app: { minInstances: 5, maxInstances: 10, vcpus: 8, memoryGb: 16, storageGb: 200 },
    database: { master: { vcpus: 8, memoryGb: 32, storageGb: 1000 }, replicas: { count: 3, vcpus: 4, memoryGb: 16 } },
    cache: { nodes: 6, vcpus: 4, memoryGb: 8 },
    loadBalancer: { instances: 3, vcpus: 4, memoryGb: 4 },
    cdn: "global distribution",
  },
};

/** The guide's tier for a number of active users (a non-negative integer). */
export function recommendTier(activeUsers: number): SizingTier {
  if (activeUsers <= TIER_RESOURCES.small.maxActiveUsers!) return "small";
  if (activeUsers <= TIER_RESOURCES.medium.maxActiveUsers!) return "medium";
  return "large";
}
