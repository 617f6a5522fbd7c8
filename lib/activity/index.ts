import type { MiddlewareHandler } from "hono";
import { db } from "@/lib/db/client";
import type { ApiEnv } from "@/lib/http/context";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { processSingleton } from "@/lib/process-singleton";
import { BACKGROUND_REQUEST_HEADER, isBackgroundRequest } from "./background";
import { registerActiveUsersGauge } from "./metrics";
import { countActiveUsersAcrossTenants, upsertActivity } from "./repo";
import { ActivityTracker } from "./tracker";

export { countActiveUsers, countActiveUsersAcrossTenants, listTenantsActiveSince, type ActiveUserCounts } from "./repo";

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
 * identified them (anonymous requests are not activity). Only deliberate use counts: the browser
 * marks the requests it makes while nobody uses the tab (the banner's and the live views' polls
 * of an idle or hidden tab) and those are skipped; everything else a person does (loading a page's
 * data, searching, paging, every mutation) counts. Marking on the client rather than counting
 * only mutations on the server keeps someone who is reading and filtering counted as active.
 * Creating it registers the gauge.
 */
export function trackSessionActivity(): MiddlewareHandler<ApiEnv> {
  const state = trackingState();
  return async (c, next) => {
    await next();
    if (isBackgroundRequest(c.req.header(BACKGROUND_REQUEST_HEADER))) return;
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
