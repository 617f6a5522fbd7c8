import { z } from "@hono/zod-openapi";
import { EXECUTION_STATUSES } from "@/lib/workflows/schemas";

const countsByStatusSchema = z.object(Object.fromEntries(EXECUTION_STATUSES.map((status) => [status, z.number().int()])) as Record<(typeof EXECUTION_STATUSES)[number], z.ZodNumber>);

const runWindowSchema = z.object({
  total: z.number().int(),
  byStatus: countsByStatusSchema,
  /** succeeded / (succeeded + failed); null when none finished. Cancelled runs count for neither. */
  successRate: z.number().nullable(),
  /** Of runs that succeeded or failed, start to finish; null when none finished. */
  p95DurationMs: z.number().nullable(),
});
export type RunWindow = z.infer<typeof runWindowSchema>;

export const dashboardStatsSchema = z
  .object({
    computedAt: z.iso.datetime(),
    /** How long this answer may be served from the cache. */
    maxAgeSeconds: z.number().int(),
    activeModules: z.number().int(),
    /** The tenant's templates; nothing records individual uses yet, so this is the library's size. */
    templatesInLibrary: z.number().int(),
    /** Runs created in the window, whatever their state now. */
    runs: z.object({ last24h: runWindowSchema, last7d: runWindowSchema }),
    /** One entry per UTC day, oldest first, the last being today. */
    daily: z.array(
      z.object({
        day: z.iso.date(),
        byStatus: countsByStatusSchema,
        successRate: z.number().nullable(),
        p95DurationMs: z.number().nullable(),
      }),
    ),
  })
  .openapi("DashboardStats");
export type DashboardStatsOutput = z.infer<typeof dashboardStatsSchema>;

export const activeUsersSchema = z
  .object({
    /** Users of this tenant seen (an API request) within each window; sightings are written about once a minute. */
    last5m: z.number().int(),
    last1h: z.number().int(),
    last24h: z.number().int(),
    countedAt: z.iso.datetime(),
  })
  .openapi("ActiveUsers");
export type ActiveUsersOutput = z.infer<typeof activeUsersSchema>;
