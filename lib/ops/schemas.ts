import { z } from "@hono/zod-openapi";

export const TIME_RANGES = { "15m": 900, "1h": 3_600, "6h": 21_600, "24h": 86_400 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

export const signalsQuerySchema = z.object({
  range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).default("1h"),
  signals: z
    .string()
    .regex(/^[a-z0-9_]+(,[a-z0-9_]+)*$/, "comma-separated signal keys")
    .optional(),
});
export type SignalsQuery = z.infer<typeof signalsQuerySchema>;

const stateSchema = z.enum(["ok", "warning", "critical", "no-data"]);

export const signalsResponseSchema = z
  .object({
    source: z.enum(["embedded", "prometheus"]),
    range: z.string(),
    stepSeconds: z.number(),
    generatedAt: z.iso.datetime(),
    signals: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        unit: z.enum(["req/s", "per-s", "ratio", "seconds", "bytes", "count"]),
        threshold: z.object({ op: z.literal(">"), value: z.number(), source: z.string() }).nullable(),
        /** What the figure divides by, where it could be confused with another view's figure. */
        definition: z.string().nullable(),
        state: stateSchema,
        series: z.array(z.object({ series: z.string(), current: z.number().nullable(), state: stateSchema, points: z.array(z.tuple([z.number(), z.number()])) })),
      }),
    ),
  })
  .openapi("OpsSignals");
export type SignalsResponse = z.infer<typeof signalsResponseSchema>;

const poolSchema = z.object({ pool: z.string(), target: z.string(), total: z.number(), idle: z.number(), waiting: z.number(), max: z.number(), utilization: z.number() });

export const databaseStatusSchema = z
  .object({
    sampledAt: z.string().nullable(),
    primaryReachable: z.boolean(),
    pools: z.array(poolSchema),
    replicas: z.array(
      z.object({
        name: z.string(),
        reachable: z.boolean(),
        healthy: z.boolean(),
        inRotation: z.boolean(),
        replayPaused: z.boolean(),
        receiverStatus: z.string().nullable(),
        lagSeconds: z.number().nullable(),
        lagBytes: z.number().nullable(),
        error: z.string().optional(),
      }),
    ),
    standbys: z.array(z.object({ applicationName: z.string(), state: z.string(), replayLagSeconds: z.number().nullable(), lagBytes: z.number().nullable() })),
    /** Synchronous replication: configured (DB_SYNCHRONOUS_*) and in force on the primary now (null: it did not answer). */
    synchronousMode: z.object({
      configured: z.enum(["async", "on", "remote_apply"]),
      strict: z.boolean(),
      standbyNames: z.string().nullable(),
      synchronousCommit: z.string().nullable(),
      isStandbySynchronous: z.boolean().nullable(),
      isDegraded: z.boolean().nullable(),
      error: z.string().optional(),
    }),
    /** The primary's `SHOW` values against the tier's postgresql.conf; null when it could not be asked. */
    serverSettings: z
      .object({
        tier: z.enum(["small", "medium", "large"]),
        settings: z.array(z.object({ name: z.string(), tier: z.string(), live: z.string().nullable(), differs: z.boolean(), reason: z.string().nullable() })),
      })
      .nullable(),
  })
  .openapi("OpsDatabaseStatus");

export const instancesStatusSchema = z
  .object({
    mode: z.enum(["local", "single", "kubernetes"]),
    /** The instance running the control loop (from the advisory lock's holder), if any. */
    controlLoopLeaderPid: z.number().nullable(),
    /** The autoscaler's latest decision (reason in words), when autoscaling runs. */
    autoscaler: z
      .object({
        at: z.string(),
        currentReplicas: z.number(),
        metricsReplicas: z.number(),
        desiredReplicas: z.number(),
        cpuUtilizationPercent: z.number(),
        memoryUtilizationPercent: z.number(),
        reason: z.string(),
        applied: z.boolean(),
      })
      .nullable(),
    desired: z.number(),
    min: z.number(),
    max: z.number(),
    instances: z.array(z.object({ id: z.number(), pid: z.number(), startedAt: z.string(), state: z.enum(["starting", "serving", "draining"]) })),
  })
  .openapi("InstancesStatus");

export const instanceCountInputSchema = z.object({ desired: z.number().int().min(1).max(100) }).openapi("ScaleInstancesInput");

/** GET /v1/ops/thresholds: the live threshold table (from the stored rules), percents and seconds. */
export const capacityThresholdsSchema = z
  .object({
    cpuUtilizationPercent: z.number(),
    memoryUtilizationPercent: z.number(),
    dbPoolUtilizationPercent: z.number(),
    p95LatencySeconds: z.number(),
  })
  .openapi("CapacityThresholds");
export type CapacityThresholdsOutput = z.infer<typeof capacityThresholdsSchema>;
