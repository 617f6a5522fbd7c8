import { z } from "@hono/zod-openapi";

const signalsSchema = z.object({
  queueLength: z.number(),
  averageExecutionMs: z.number().nullable(),
  memoryUsage: z.number().nullable(),
});

export const workflowWorkersSchema = z
  .object({
    /** `processes`: worker processes under the local supervisor; `in-process`: inside the app instances. */
    mode: z.enum(["processes", "in-process"]),
    desired: z.number().int(),
    min: z.number().int(),
    max: z.number().int(),
    memoryLimitBytes: z.number().nullable(),
    workers: z.array(z.object({ pid: z.number().int(), startedAt: z.iso.datetime(), state: z.enum(["running", "stopping"]), rssBytes: z.number().nullable() })),
    /** The worker scaler's latest evaluation: what it saw and why it kept or changed the count. */
    scaling: z
      .object({ at: z.iso.datetime(), current: z.number().int(), desired: z.number().int(), signals: signalsSchema, reasons: z.array(z.string()) })
      .nullable(),
  })
  .openapi("WorkflowWorkers");
export type WorkflowWorkersOutput = z.infer<typeof workflowWorkersSchema>;
