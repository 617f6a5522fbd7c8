import { z } from "@hono/zod-openapi";

export const listExecutionsQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListExecutionsInput = z.infer<typeof listExecutionsQuerySchema>;

export const executionSummarySchema = z
  .object({
    id: z.uuid(),
    workflowId: z.uuid(),
    workflowName: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi("ExecutionSummary");

export const executionPageSchema = z.object({ items: z.array(executionSummarySchema), nextCursor: z.string().nullable() }).openapi("ExecutionPage");

/** Newest first: creation time, then id as the tie-breaker for rows created in the same ms. */
export const executionCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);
