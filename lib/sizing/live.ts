import { countActiveUsersAcrossTenants } from "@/lib/activity";
import { forecastCrossing } from "@/lib/capacity/headroom";
import { listInstances } from "@/lib/cluster/instance";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { historySource } from "@/lib/ops/service";
import { recommendSizing, type CurrentSizing } from "./recommend";
import type { LiveSizingOutput } from "./schemas";
import { TIER_RESOURCES } from "./tiers";

const WEEK_MS = 7 * 86_400_000;
const RECENT_MS = 15 * 60_000;

/** What runs now, as this process can tell (instances from the supervisor, sizes from the env). */
export async function describeCurrentSizing(): Promise<CurrentSizing> {
  const config = env();
  const status = await listInstances();
  return {
    instances: status?.instances.length ?? 1,
    vcpusPerInstance: config.APP_CPU_REQUEST_MILLICORES / 1000,
    memoryGbPerInstance: config.APP_MEMORY_REQUEST_MB / 1024,
    writePoolMax: config.DB_WRITE_POOL_MAX,
    readPoolMax: config.DB_READ_POOL_MAX,
    postgresql: null,
  };
}

/**
 * The guide's tier for the users active in the last 24 hours (the guide sizes by active users),
 * what to change to reach it, and — at the last 7 days' growth — when the tier's upper bound is
 * crossed, as a linear fit with the range of its slope's standard error.
 */
export async function getLiveSizing(nowMs = Date.now()): Promise<LiveSizingOutput> {
  const source = historySource();
  const [activeUsers, recent, week, current] = await Promise.all([
    db().read((client) => countActiveUsersAcrossTenants(client, new Date(nowMs))),
    source.range({ signals: ["http_request_rate"], fromMs: nowMs - RECENT_MS, toMs: nowMs, stepSeconds: env().METRICS_SAMPLE_INTERVAL_SECONDS }),
    source.range({ signals: ["active_users"], fromMs: nowMs - WEEK_MS, toMs: nowMs, stepSeconds: 3600 }),
    describeCurrentSizing(),
  ]);
  const sizing = recommendSizing(activeUsers.last24h, current);
  const history = week.find((entry) => entry.series === "active_users")?.points ?? [];
  const upperBound = TIER_RESOURCES[sizing.tier].maxActiveUsers;
  return {
    activeUsers,
    requestRatePerSecond: recent.find((entry) => entry.series === "http_request_rate")?.points.at(-1)?.[1] ?? null,
    sizing,
    history,
    headroom: upperBound === null ? { kind: "top-tier" } : forecastCrossing(history, upperBound, nowMs),
  };
}
