import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { processSingleton } from "@/lib/process-singleton";
import { CoalescingInvalidator } from "./coalescing-invalidator";
import { RunChangeFeed } from "./run-change-feed";
import { invalidateDashboardStats } from "./service";

export { registerDashboardRoutes } from "./routes";
export { dashboardStatsWarmer } from "./service";

function runChanges(): CoalescingInvalidator {
  return processSingleton("dashboard-run-changes", () => new CoalescingInvalidator(invalidateDashboardStats, 5_000, (err) => logger.warn("dashboard stats invalidation failed", { err })));
}

/**
 * Call when one of the tenant's workflow runs was created or reached a final state: the cached
 * dashboard stats are dropped (at most about once per 5 s per tenant), so a finished run shows up
 * in the numbers within seconds rather than after the 10-minute cache lifetime.
 */
export function noteWorkflowRunChanged(tenantId: string): void {
  runChanges().note(tenantId);
}

/** How often each app instance looks for runs that changed (in any process: app or `npm run worker`). */
const RUN_CHANGE_POLL_MS = 2_000;

/**
 * Follows the workflow event log and drops the dashboard stats of tenants whose runs changed.
 * Every instance runs it, because each holds its own in-process copy of the stats.
 */
export function startDashboardInvalidation(): { stop(): Promise<void> } {
  const feed = new RunChangeFeed(() => db().primary, noteWorkflowRunChanged);
  const task = new PeriodicTask("dashboard run-change feed", RUN_CHANGE_POLL_MS, () => feed.poll());
  task.start();
  return {
    async stop() {
      task.stop();
      await runChanges().flush();
    },
  };
}
