import { stopActivityTracking } from "@/lib/activity";
import { registerWarmer, startCacheWarming, stopCacheWarming } from "@/lib/cache";
import { dashboardStatsWarmer, startDashboardInvalidation } from "@/lib/dashboard";
import { db } from "@/lib/db/client";
import { startWalHistory } from "@/lib/db/wal-history";
import { drainExecutingRuns } from "@/lib/emergency";
import { startDiagnostics } from "@/lib/diagnostics";
import { logger } from "@/lib/logging/logger";
import { startModuleRuntime } from "@/lib/modules";
import { stopQueue } from "@/lib/queue";
import { popularTemplatesWarmer } from "@/lib/templates/service";
import { startInProcessWorkflowWork } from "@/lib/workflows";

/**
 * Work every instance takes part in besides serving requests: troubleshooting samples of its
 * own, the job queue and the cache warmers on its scheduler (pg-boss gives each schedule tick
 * to exactly one instance).
 */
export async function startBackgroundWork(): Promise<{ stop(): Promise<void> }> {
  const diagnostics = startDiagnostics();
  // The primary's WAL positions over time: a failover's data-loss bound is read from them.
  const walHistory = startWalHistory(db());
  // Registry refresh and module health checks; also restarts activations a dead process left.
  const modules = startModuleRuntime();
  // Cached dashboard numbers are dropped when a tenant's workflow runs start or end.
  const dashboardInvalidation = startDashboardInvalidation();
  try {
    await registerWarmer(popularTemplatesWarmer((query) => db().read(query)));
    await registerWarmer(dashboardStatsWarmer((query) => db().read(query)));
    await startCacheWarming();
  } catch (error) {
    // Warming is an optimisation: without it the cache fills on demand.
    logger.error("cache warming could not start; the cache will fill on demand", { err: error });
  }
  const workflows = await startInProcessWorkflowWork().catch((error: unknown) => {
    // Executions wait in the queue until a worker (here after a restart, or `npm run worker`) runs them.
    logger.error("the in-process workflow worker could not start", { err: error });
    return { stop: async () => {} };
  });
  return {
    async stop() {
      // First, so running executions hand back their runs while the queue is still up.
      await workflows.stop().catch(() => {});
      // An emergency procedure mid-run finishes (within the drain budget) and records its result.
      await drainExecutingRuns(15_000);
      await diagnostics.stop().catch(() => {});
      walHistory.stop();
      modules.stop();
      await dashboardInvalidation.stop();
      await stopActivityTracking();
      await stopCacheWarming().catch(() => {});
      await stopQueue().catch(() => {});
    },
  };
}
