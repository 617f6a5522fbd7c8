import { assertActionRate, recordAudit, type ActionRate, type AuditEntryInput } from "@/lib/audit";
import { cache, describeCacheHealth, invalidateKey, invalidateTag, previewInvalidation, warmNow, type PreviewTarget } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { PlatformCtx } from "@/lib/http/define-route";
import { ValidationError } from "@/lib/http/errors";
import { readCacheFigures } from "./figures";
import type {
  CacheStatusOutput,
  InvalidateInput,
  InvalidateResultOutput,
  InvalidationPreviewOutput,
  InvalidationTargetInput,
  WarmInput,
  WarmResultOutput,
} from "./schemas";

export async function getCacheStatus(nowMs = Date.now()): Promise<CacheStatusOutput> {
  cache(); // registers the cache's metrics before they are read
  const health = describeCacheHealth();
  return {
    sampledAt: new Date(nowMs).toISOString(),
    instancePid: process.pid,
    mode: health.mode,
    isRedisConfigured: Boolean(env().REDIS_URL),
    breaker: health.breaker,
    redis: health.redis,
    ...(await readCacheFigures()),
  };
}

/**
 * A key is previewed as a pattern that matches only itself (the schema refuses glob characters),
 * so the cache's own check refuses keys outside `agency:` with its 422 and detail.
 */
function previewTarget(target: InvalidationTargetInput): PreviewTarget {
  return target.kind === "key" ? { pattern: target.value } : { tag: target.value };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cache is shared by every tenant: an operator about to drop entries sees whose they are, by name. */
async function namesOfTenants(tenantIds: string[]): Promise<string[]> {
  const ids = tenantIds.filter((id) => UUID.test(id));
  const rows = ids.length > 0 ? await db().read((client) => client.tenant.findMany({ where: { id: { in: ids } }, select: { name: true } })) : [];
  const names = rows.map((row) => row.name).sort();
  return tenantIds.length > ids.length ? ["platform", ...names] : names;
}

export async function previewCacheInvalidation(target: InvalidationTargetInput): Promise<InvalidationPreviewOutput> {
  const preview = await previewInvalidation(previewTarget(target));
  return {
    kind: target.kind,
    value: target.value,
    source: preview.source,
    keys: preview.keys,
    tenants: preview.tenants,
    tenantNames: await namesOfTenants(preview.tenantIds),
    keysByDomain: preview.keysByDomain,
    instances: preview.instances,
    requestsPerSecond: preview.requestsPerSecond,
    hitRatio: preview.hitRatio,
    expectedExtraLoadPerSecond: preview.expectedExtraLoadPerSecond,
    maxLoaderCalls: preview.maxLoaderCalls,
  };
}

/** Each invalidation sends the readers of what it drops to the database: a few a minute per person. */
const INVALIDATION_RATE: ActionRate = { action: "cache.invalidate_key", max: 10, windowSeconds: 60, describe: "you can invalidate cache keys" };
const TAG_INVALIDATION_RATE: ActionRate = { action: "cache.invalidate_tag", max: 10, windowSeconds: 60, describe: "you can invalidate cache tags" };
const WARM_RATE: ActionRate = { action: "cache.warm_now", max: 3, windowSeconds: 60, describe: "you can warm the caches" };

/**
 * Records who invalidates what (and what it will remove) first, then invalidates everywhere:
 * the invalidation is not transactional, so the entry must exist even if the process dies
 * half-way. The entry names every tenant whose keys it drops.
 */
export async function invalidateCache(ctx: PlatformCtx, input: InvalidateInput): Promise<InvalidateResultOutput> {
  if (input.confirmation.trim() !== input.value) throw new ValidationError(`type the ${input.kind} exactly to confirm: ${input.value}`);
  await assertActionRate(ctx.db.primary, ctx.viewer.user.id, input.kind === "key" ? INVALIDATION_RATE : TAG_INVALIDATION_RATE);
  const preview = await previewCacheInvalidation(input);
  const audit = await recordCacheAudit(ctx, {
    action: `cache.invalidate_${input.kind}`,
    target: `cache_${input.kind}:${input.value}`,
    before: { keys: preview.keys, tenants: preview.tenants, tenantNames: preview.tenantNames, source: preview.source, expectedExtraLoadPerSecond: preview.expectedExtraLoadPerSecond },
    after: { requested: true },
  });
  const result = input.kind === "key" ? await invalidateKey(input.value) : await invalidateTag(input.value);
  return { kind: input.kind, value: input.value, ...result, audit };
}

/** Audited before it runs, like an invalidation: warming is not transactional either. */
export async function warmCacheNow(ctx: PlatformCtx, input: WarmInput): Promise<WarmResultOutput> {
  await assertActionRate(ctx.db.primary, ctx.viewer.user.id, WARM_RATE);
  const audit = await recordCacheAudit(ctx, { action: "cache.warm_now", target: `cache_warmer:${input.warmer ?? "all"}`, before: null, after: { requested: true } });
  const runs = await warmNow(input.warmer);
  return { runs, audit };
}

async function recordCacheAudit(ctx: PlatformCtx, entry: Pick<AuditEntryInput, "action" | "target" | "before" | "after">) {
  // The cache is shared by every tenant, so the entry belongs to none (like global configuration).
  const ref = await ctx.db.primary.$transaction((tx) =>
    recordAudit(tx, { actorUserId: ctx.viewer.user.id, actorEmail: ctx.viewer.user.email, tenantId: null, requestId: ctx.requestId, ...entry }),
  );
  return { id: ref.id, at: ref.at.toISOString() };
}
