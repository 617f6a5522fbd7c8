import { z } from "@hono/zod-openapi";

const levelStatsSchema = z.object({
  level: z.enum(["l1", "l2"]),
  hits: z.number(),
  misses: z.number(),
  /** Hits / lookups since this instance started; null before the first lookup. */
  hitRatio: z.number().nullable(),
});

export const cacheStatusSchema = z
  .object({
    sampledAt: z.iso.datetime(),
    /** The figures are this answering instance's own (process registry), not fleet-wide. */
    instancePid: z.number(),
    mode: z.enum(["l1-only", "l1+redis"]),
    /** False in embedded mode: REDIS_URL is not set, so there is no L2 at all. */
    isRedisConfigured: z.boolean(),
    breaker: z.enum(["closed", "half-open", "open"]),
    redis: z.string(),
    levels: z.array(levelStatsSchema),
    l1: z.object({ entries: z.number(), evictions: z.number() }),
    l2Latency: z.object({ operations: z.number(), p50Seconds: z.number().nullable(), p95Seconds: z.number().nullable(), p99Seconds: z.number().nullable() }),
  })
  .openapi("CacheStatus");
export type CacheStatusOutput = z.infer<typeof cacheStatusSchema>;

/** A cache entry key (`agency:<domain>:<tenantId>:…`, exact, no glob) or a tag (`templates:<tenantId>`). */
export const invalidationTargetSchema = z.object({
  kind: z.enum(["key", "tag"]),
  value: z
    .string()
    .trim()
    .min(1, "enter a key or a tag")
    .max(512)
    .regex(/^[^*?[\]\s]+$/, "no spaces or glob characters (* ? [ ]): a key or tag is matched exactly"),
});
export type InvalidationTargetInput = z.infer<typeof invalidationTargetSchema>;

export const invalidationPreviewSchema = z
  .object({
    kind: z.enum(["key", "tag"]),
    value: z.string(),
    source: z.enum(["redis", "l1"]),
    keys: z.number(),
    tenants: z.number(),
    /** The tenants whose entries it drops, by name (at most 20; "platform" for keys of no tenant). */
    tenantNames: z.array(z.string()),
    keysByDomain: z.record(z.string(), z.number()),
    instances: z.number(),
    requestsPerSecond: z.number(),
    hitRatio: z.number(),
    expectedExtraLoadPerSecond: z.number(),
    maxLoaderCalls: z.number(),
  })
  .openapi("CacheInvalidationPreview");
export type InvalidationPreviewOutput = z.infer<typeof invalidationPreviewSchema>;

export const invalidateInputSchema = invalidationTargetSchema.extend({
  /** The operator types the key or tag again; the server checks it too. */
  confirmation: z.string(),
});
export type InvalidateInput = z.infer<typeof invalidateInputSchema>;

const auditRefSchema = z.object({ id: z.string(), at: z.iso.datetime() });

export const invalidateResultSchema = z
  .object({
    kind: z.enum(["key", "tag"]),
    value: z.string(),
    l1Removed: z.number(),
    /** Null: Redis was unavailable; the invalidation is retried once it is back. */
    l2Removed: z.number().nullable(),
    isBroadcast: z.boolean(),
    audit: auditRefSchema,
  })
  .openapi("CacheInvalidationResult");
export type InvalidateResultOutput = z.infer<typeof invalidateResultSchema>;

export const warmInputSchema = z.object({ warmer: z.string().regex(/^[a-z0-9-]+$/).optional() });
export type WarmInput = z.infer<typeof warmInputSchema>;

export const warmResultSchema = z
  .object({
    runs: z.array(z.object({ warmer: z.string(), warmed: z.number(), failed: z.number(), total: z.number(), durationMs: z.number(), error: z.string().optional() })),
    audit: auditRefSchema,
  })
  .openapi("CacheWarmResult");
export type WarmResultOutput = z.infer<typeof warmResultSchema>;
