import { describeCacheHealth } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { PlatformCtx } from "@/lib/http/define-route";
import { featureBreaker } from "./breaker-state";
import { activeOverrides, announceOverrideChange, endOverride, type Override } from "./overrides";
import type { BreakerStatusOutput, DependencyBreakersOutput, EndOverrideInput, OverrideListOutput, OverrideOutput } from "./schemas";
import { FEATURE_AREAS, isDegraded } from "./tiers";

type Ctx = Pick<PlatformCtx, "requestId" | "viewer">;

function toOverrideOutput(override: Override, nowMs: number): OverrideOutput {
  const reminderWindowMs = env().OVERRIDE_REMINDER_MINUTES * 60_000;
  return {
    id: override.id,
    kind: override.kind,
    scope: override.scope,
    payload: override.payload,
    owner: override.owner,
    runId: override.runId,
    createdAt: override.createdAt.toISOString(),
    expiresAt: override.expiresAt.toISOString(),
    remindedAt: override.remindedAt?.toISOString() ?? null,
    reminderDue: override.expiresAt.getTime() - nowMs <= reminderWindowMs,
  };
}

export async function listActiveOverrides(nowMs = Date.now()): Promise<OverrideListOutput> {
  return { items: (await activeOverrides()).map((override) => toOverrideOutput(override, nowMs)) };
}

/** "End now" from the page: ends the override at once, audited, and tells every instance. */
export async function endOverrideNow(ctx: Ctx, overrideId: string, body: EndOverrideInput): Promise<OverrideListOutput> {
  const actor = { userId: ctx.viewer.user.id, email: ctx.viewer.user.email };
  const ended = await db().primary.$transaction((tx) => endOverride(tx, overrideId, { by: actor, reason: body.reason, requestId: ctx.requestId }));
  if (ended) await announceOverrideChange(ended.kind);
  if (ended?.kind === "circuit-breaker") await featureBreaker().refresh();
  return listActiveOverrides();
}

/** This instance's view of the circuit breaker: what the banner shows and which areas are off. */
export function getBreakerStatus(): BreakerStatusOutput {
  const active = featureBreaker().active();
  const scopes = new Set<string>(active.map((breaker) => breaker.scope));
  return {
    active: active.length > 0,
    activations: active.map((breaker) => ({ scope: breaker.scope, owner: breaker.owner, expiresAt: new Date(breaker.expiresAtMs).toISOString() })),
    degradedAreas: FEATURE_AREAS.filter((area) => isDegraded("standard", area, scopes)),
  };
}

/** The automatic breakers that guard dependencies: the cache's Redis breaker and each replica's rotation. */
export function getDependencyBreakers(): DependencyBreakersOutput {
  const cacheHealth = describeCacheHealth();
  const replication = db().replication.current();
  return {
    redis: {
      configured: cacheHealth.mode === "l1+redis",
      state: cacheHealth.mode === "l1+redis" ? cacheHealth.breaker : "not configured",
      detail: cacheHealth.mode === "l1+redis" ? `connection ${cacheHealth.redis}; reads fall back to the in-process cache while open` : "no REDIS_URL: in-process cache only",
    },
    replicas: replication.replicas.map((replica) => ({
      name: replica.name,
      state: !replica.reachable ? "unreachable" : replica.inRotation ? "in rotation" : "out of rotation",
      inRotation: replica.inRotation,
      lagSeconds: replica.lagSeconds,
      detail: replica.error ?? (replica.receiverStatus ? `WAL receiver ${replica.receiverStatus}` : "no WAL receiver"),
    })),
  };
}
