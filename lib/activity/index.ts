import type { MiddlewareHandler } from "hono";
import { db } from "@/lib/db/client";
import type { ApiEnv } from "@/lib/http/context";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { processSingleton } from "@/lib/process-singleton";
import { registerActiveUsersGauge } from "./metrics";
import { countActiveUsersAcrossTenants, upsertActivity } from "./repo";
import { ActivityTracker } from "./tracker";

export { countActiveUsers, listTenantsActiveSince, type ActiveUserCounts } from "./repo";

/** How often an instance writes its batch of sightings. */
const FLUSH_INTERVAL_MS = 5_000;

type TrackingState = { tracker: ActivityTracker; flusher: PeriodicTask };

function trackingState(): TrackingState {
  return processSingleton("activity-tracking", () => {
    const tracker = new ActivityTracker((sightings) => upsertActivity(db().primary, sightings));
    registerActiveUsersGauge(() => db().read((client) => countActiveUsersAcrossTenants(client, new Date())));
    return { tracker, flusher: new PeriodicTask("activity flush", FLUSH_INTERVAL_MS, () => tracker.flush(), { runAtStart: false }) };
  });
}

/**
 * Records that the signed-in user was active in their tenant, after the route's own guard has
 * identified them (anonymous requests are not activity). Creating it registers the gauge.
 */
export function trackSessionActivity(): MiddlewareHandler<ApiEnv> {
  const state = trackingState();
  return async (c, next) => {
    await next();
    const viewer = c.get("viewer");
    if (viewer?.active && state.tracker.touch(viewer.user.id, viewer.active.tenantId)) state.flusher.start();
  };
}

/** Writes what is pending (on shutdown, so the last minute of activity is not lost). */
export async function stopActivityTracking(): Promise<void> {
  const state = trackingState();
  state.flusher.stop();
  await state.tracker.flush().catch((error: unknown) => logger.warn("activity flush failed at shutdown", { err: error }));
}
