import type { DbAccess } from "@/lib/db/access";
import { findProcedure } from "@/lib/emergency/registry";
import { findAlertTransitionsInWindow, findInstanceCountChanges, findOverridesInWindow, findPromotionsInWindow, findRunsInWindow, findScalingConfigChanges } from "./repo";
import { alertAnnotation, instanceChangeAnnotation, mergeAnnotations, overrideAnnotations, promotionAnnotation, runAnnotation, scalingConfigAnnotation } from "./rules";
import { MAX_ANNOTATIONS, type AnnotationsQuery, type AnnotationsResponse } from "./schemas";

/**
 * Everything that changed how the system behaved in a window, as chart markers: procedure runs,
 * alert transitions, instance-count changes, overrides, scaling-config changes and promotions.
 * Each source is read with the overall limit, so the merge can keep the newest overall.
 */
export async function listAnnotations(ctx: { db: DbAccess }, query: AnnotationsQuery): Promise<AnnotationsResponse> {
  const window = { from: new Date(query.from), to: new Date(query.to), limit: MAX_ANNOTATIONS };
  const [runs, transitions, instanceChanges, overrides, configChanges, promotions] = await ctx.db.read((client) =>
    Promise.all([
      findRunsInWindow(client, window),
      findAlertTransitionsInWindow(client, window),
      findInstanceCountChanges(client, window),
      findOverridesInWindow(client, window),
      findScalingConfigChanges(client, window),
      findPromotionsInWindow(client, window),
    ]),
  );
  const { annotations, truncated } = mergeAnnotations(
    [
      runs.map((run) => runAnnotation(run, findProcedure(run.procedure)?.name ?? run.procedure)),
      transitions.map(alertAnnotation),
      instanceChanges.map(instanceChangeAnnotation),
      overrides.flatMap((override) => overrideAnnotations(override, window)),
      configChanges.map(scalingConfigAnnotation),
      promotions.map(promotionAnnotation),
    ],
    MAX_ANNOTATIONS,
  );
  return { from: window.from.toISOString(), to: window.to.toISOString(), annotations, truncated };
}
