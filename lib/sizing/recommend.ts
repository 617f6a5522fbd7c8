import { GUIDE_POOL_SIZES, postgresqlSettingsForTier, type PostgresqlSettings } from "./postgresql-conf";
import type { SizingRecommendationOutput } from "./schemas";
import { recommendTier, TIER_RESOURCES } from "./tiers";

/** What runs now, as the caller knows it; `postgresql` null when the live settings are unknown. */
export type CurrentSizing = {
  instances: number;
  vcpusPerInstance: number;
  memoryGbPerInstance: number;
  writePoolMax: number;
  readPoolMax: number;
  postgresql: PostgresqlSettings | null;
};

type Change = SizingRecommendationOutput["changes"][number];

function compare(item: string, current: number, recommended: number, unit: string): Change[] {
  if (current === recommended) return [];
  const direction = current < recommended ? "below" : "above";
  return [{ item, current, recommended, reason: `${current}${unit} is ${direction} the tier's ${recommended}${unit}` }];
}

function instanceChanges(current: number, min: number, max: number): Change[] {
  if (current < min) return [{ item: "app.instances", current, recommended: min, reason: `the tier runs at least ${min} instances` }];
  if (current > max) return [{ item: "app.instances", current, recommended: max, reason: `the tier needs at most ${max} instances` }];
  return [];
}

function postgresqlChanges(current: PostgresqlSettings | null, recommended: PostgresqlSettings): Change[] {
  return Object.entries(recommended)
    .filter(([name, value]) => current?.[name] !== value)
    .map(([name, value]) => ({
      item: `postgresql.${name}`,
      current: current?.[name] ?? null,
      recommended: value,
      reason: current?.[name] === undefined ? "current value unknown; make sure postgresql.conf sets it" : "differs from the tier's postgresql.conf",
    }));
}

/** The guide's tier for `activeUsers`, and every setting that differs from it now. Pure. */
export function recommendSizing(activeUsers: number, current: CurrentSizing): SizingRecommendationOutput {
  const tier = recommendTier(activeUsers);
  const resources = TIER_RESOURCES[tier];
  const postgresql = postgresqlSettingsForTier(tier);
  const { postgresql: _currentPostgresql, ...currentShown } = current;
  return {
    activeUsers,
    tier,
    current: currentShown,
    recommended: {
      activeUsers: { min: resources.minActiveUsers, max: resources.maxActiveUsers },
      app: resources.app,
      database: resources.database,
      cache: resources.cache,
      loadBalancer: resources.loadBalancer,
      cdn: resources.cdn,
      pools: { ...GUIDE_POOL_SIZES },
      postgresql,
    },
    changes: [
      ...instanceChanges(current.instances, resources.app.minInstances, resources.app.maxInstances),
      ...compare("app.vcpusPerInstance", current.vcpusPerInstance, resources.app.vcpus, " vCPUs"),
      ...compare("app.memoryGbPerInstance", current.memoryGbPerInstance, resources.app.memoryGb, " GB"),
      ...compare("db.writePoolMax", current.writePoolMax, GUIDE_POOL_SIZES.writePoolMax, " connections"),
      ...compare("db.readPoolMax", current.readPoolMax, GUIDE_POOL_SIZES.readPoolMax, " connections"),
      ...postgresqlChanges(current.postgresql, postgresql),
    ],
  };
}
