import { z } from "zod";
import { DASHBOARD_STATS_WARMER, POPULAR_TEMPLATES_WARMER, warmNow, type WarmProgress, type WarmRun } from "@/lib/cache";
import type { Procedure, ProcedureChange, ProcedureRunContext } from "../procedure";

/** The guide's warmers, in the order they run; "all" runs each. */
const WARMERS = [POPULAR_TEMPLATES_WARMER.name, DASHBOARD_STATS_WARMER.name] as const;
const WARMER_SCOPE: Record<(typeof WARMERS)[number], string> = {
  [POPULAR_TEMPLATES_WARMER.name]: `up to ${POPULAR_TEMPLATES_WARMER.limit} templates with popularity ≥ ${POPULAR_TEMPLATES_WARMER.minPopularity}`,
  [DASHBOARD_STATS_WARMER.name]: `dashboard stats of tenants active in the last ${DASHBOARD_STATS_WARMER.activeWithinHours} h`,
};
/** Progress is persisted for every instance to show; a warmer reports per item, so it is thinned. */
const PROGRESS_EVERY_MS = 250;

const cacheWarmInputSchema = z.object({ warmer: z.enum(["all", ...WARMERS]).default("all") });
export type CacheWarmInput = z.infer<typeof cacheWarmInputSchema>;

export type CacheWarmDeps = { warmNow: typeof warmNow };

const selected = (input: CacheWarmInput) => (input.warmer === "all" ? [...WARMERS] : [input.warmer]);

/** Forwards warm progress to the run, at most every PROGRESS_EVERY_MS and always the last one per warmer. */
function progressReporter(ctx: ProcedureRunContext, warmers: string[]) {
  let lastAt = 0;
  let pending: Promise<void> = Promise.resolve();
  const report = (progress: WarmProgress, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastAt < PROGRESS_EVERY_MS) return;
    lastAt = now;
    const index = warmers.indexOf(progress.warmer);
    const failed = progress.failed > 0 ? `, ${progress.failed} failed` : "";
    const message = `${progress.warmer} (${index + 1} of ${warmers.length}): ${progress.done} of ${progress.total} warmed${failed}`;
    pending = pending.then(() => ctx.progress({ done: progress.done, total: progress.total, message })).catch(() => {});
  };
  return {
    onProgress: (progress: WarmProgress) => report(progress, progress.done === progress.total),
    flushed: () => pending,
  };
}

const describeRun = (run: WarmRun): ProcedureChange => ({
  label: `cache warmer ${run.warmer}`,
  from: "—",
  to: run.error ? `failed: ${run.error}` : `${run.warmed} warmed, ${run.failed} failed of ${run.total} in ${(run.durationMs / 1000).toFixed(1)} s`,
});

export function createCacheWarmProcedure(deps: CacheWarmDeps): Procedure<CacheWarmInput> {
  return {
    id: "cache-warm",
    name: "Cache warming now",
    description: "Runs the cache warmers now instead of at their next schedule, with live progress and counts.",
    runbook: [
      "Check the cache hit ratio and the database load on the overview.",
      "Warm the cache now: popular templates, then dashboard stats.",
      "Watch the progress; a few failed items are retried at the next schedule.",
      "Confirm the hit ratio recovers and database reads fall.",
    ],
    inputSchema: cacheWarmInputSchema,
    requiresSecondApproval: false,
    requiresDataLossAcknowledgement: false,

    async preview(input) {
      const warmers = selected(input);
      return {
        summary: `warm ${warmers.join(" and ")} now`,
        changes: warmers.map((warmer) => ({ label: `cache warmer ${warmer}`, from: "next schedule", to: `now: ${WARMER_SCOPE[warmer]}` })),
        warnings: ["warming reads from the database (a few items at a time) while it runs"],
        blockers: [],
        estimatedSeconds: null,
      };
    },

    async run(input, ctx) {
      const warmers = selected(input);
      const reporter = progressReporter(ctx, warmers);
      const runs: WarmRun[] = [];
      for (const warmer of warmers) {
        ctx.signal.throwIfAborted();
        await ctx.progress({ done: 0, total: null, message: `${warmer} (${runs.length + 1} of ${warmers.length}): starting` });
        runs.push(...(await deps.warmNow(warmer, reporter.onProgress)));
        await reporter.flushed();
      }
      if (runs.every((run) => run.error)) throw new Error(`every warmer failed: ${runs.map((run) => `${run.warmer}: ${run.error}`).join("; ")}`);
      const warmed = runs.reduce((sum, run) => sum + run.warmed, 0);
      const failed = runs.reduce((sum, run) => sum + run.failed, 0);
      const total = runs.reduce((sum, run) => sum + run.total, 0);
      await ctx.progress({ done: total, total, message: `${warmed} warmed, ${failed} failed of ${total}` });
      return { changes: runs.map(describeRun), details: { runs, warmed, failed, total } };
    },

    async currentState() {
      return `scheduled: ${POPULAR_TEMPLATES_WARMER.name} (${POPULAR_TEMPLATES_WARMER.cron}), ${DASHBOARD_STATS_WARMER.name} (${DASHBOARD_STATS_WARMER.cron}), UTC`;
    },
  };
}

export const cacheWarmProcedure = createCacheWarmProcedure({ warmNow });
