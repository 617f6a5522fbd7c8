import { z } from "@hono/zod-openapi";

/*
 * The contract of the operators' queue controls: pauses and the per-tenant queue view. Pure zod,
 * safe to import from client components.
 */

export const queuePauseInputSchema = z
  .object({
    /** One tenant's runs; left out (or null) pauses the whole queue. */
    tenantId: z.uuid().nullable().optional(),
    /** How long the pause lasts unless resumed first (the override's expiry). */
    minutes: z.number().int().min(1).max(1440).default(60),
    reason: z.string().trim().min(1, "say why the queue is paused").max(500),
  })
  .openapi("WorkflowQueuePauseInput");
export type QueuePauseInput = z.infer<typeof queuePauseInputSchema>;

export const queuePauseSchema = z
  .object({
    id: z.uuid(),
    /** null: the whole queue. */
    tenantId: z.uuid().nullable(),
    owner: z.string(),
    reason: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  })
  .openapi("WorkflowQueuePause");
export type QueuePauseOutput = z.infer<typeof queuePauseSchema>;

export const queuePauseListSchema = z.object({ items: z.array(queuePauseSchema) }).openapi("WorkflowQueuePauses");
export const queuePauseParamsSchema = z.object({ id: z.uuid() });

export const tenantQueueRowSchema = z.object({
  tenantId: z.uuid(),
  tenantName: z.string(),
  waiting: z.number().int(),
  running: z.number().int(),
  oldestWaitingAgeSeconds: z.number().nullable(),
  /** Runs finished in the last 5 minutes, per second. */
  throughputPerSecond: z.number(),
  /** Failed (dead-lettered) in the last hour. */
  failedLastHour: z.number().int(),
  /** This tenant's part of every waiting run, 0..1. */
  share: z.number(),
  paused: z.boolean(),
});
export type TenantQueueRow = z.infer<typeof tenantQueueRowSchema>;

export const tenantQueueViewSchema = z
  .object({
    sampledAt: z.iso.datetime(),
    /** Sorted by share of the waiting runs, largest first. */
    tenants: z.array(tenantQueueRowSchema),
    /** The tenant holding more than half of the waiting runs, when one does. */
    dominantTenantId: z.uuid().nullable(),
    pauses: z.array(queuePauseSchema),
    tenantMaxWaiting: z.number().int(),
    tenantMaxRunning: z.number().int(),
  })
  .openapi("WorkflowTenantQueueView");
export type TenantQueueViewOutput = z.infer<typeof tenantQueueViewSchema>;
