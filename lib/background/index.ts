import { registerWarmer, startCacheWarming, stopCacheWarming } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { startDiagnostics } from "@/lib/diagnostics";
import { logger } from "@/lib/logging/logger";
import { stopQueue } from "@/lib/queue";
import { popularTemplatesWarmer } from "@/lib/templates/service";

/**
 * Work every instance takes part in besides serving requests: troubleshooting samples of its
 * own, the job queue and the cache warmers on its scheduler (pg-boss gives each schedule tick
 * to exactly one instance).
 */
export async function startBackgroundWork(): Promise<{ stop(): Promise<void> }> {
  const diagnostics = startDiagnostics();
  try {
    await registerWarmer(popularTemplatesWarmer((query) => db().read(query)));
    await startCacheWarming();
  } catch (error) {
    // Warming is an optimisation: without it the cache fills on demand.
    logger.error("cache warming could not start; the cache will fill on demand", { err: error });
  }
  return {
    async stop() {
      await diagnostics.stop().catch(() => {});
      await stopCacheWarming().catch(() => {});
      await stopQueue().catch(() => {});
    },
  };
}
