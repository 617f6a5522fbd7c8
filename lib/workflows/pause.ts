import { db } from "@/lib/db/client";
import { activeOverrides, announceOverrideChange, createOverride, endOverride, type Override } from "@/lib/emergency/overrides";
import type { PlatformCtx } from "@/lib/http/define-route";
import { NotFoundError } from "@/lib/http/errors";
import { QUEUE_PAUSE_OVERRIDE } from "./fair-claim";
import type { QueuePauseInput, QueuePauseOutput } from "./queue-control-schemas";

/*
 * Pausing the workflow queue (all of it, or one tenant's runs) is an override like the emergency
 * ones: an owner, a reason and an expiry, audited, ending by itself. Workers read it when they
 * claim (fair-claim.ts) and between the steps of a run, so running steps finish and nothing new
 * starts; paused runs wait in the queue and resume after their last finished step.
 */

const scopeOf = (tenantId: string | null) => (tenantId ? `tenant:${tenantId}` : "global");
const tenantOf = (scope: string) => (scope.startsWith("tenant:") ? scope.slice("tenant:".length) : null);
const reasonOf = (override: Override) => (typeof override.payload.reason === "string" ? override.payload.reason : "");

function toOutput(override: Override): QueuePauseOutput {
  return {
    id: override.id,
    tenantId: tenantOf(override.scope),
    owner: override.owner.email,
    reason: reasonOf(override),
    createdAt: override.createdAt.toISOString(),
    expiresAt: override.expiresAt.toISOString(),
  };
}

export async function pauseQueue(ctx: PlatformCtx, input: QueuePauseInput): Promise<QueuePauseOutput> {
  const override = await db().primary.$transaction(async (tx) => {
    if (input.tenantId && !(await tx.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } }))) {
      throw new NotFoundError(`no tenant ${input.tenantId}`);
    }
    return createOverride(tx, {
      kind: QUEUE_PAUSE_OVERRIDE,
      scope: scopeOf(input.tenantId ?? null),
      owner: { userId: ctx.viewer.user.id, email: ctx.viewer.user.email },
      expiresAt: new Date(Date.now() + input.minutes * 60_000),
      payload: { reason: input.reason },
      requestId: ctx.requestId,
    });
  });
  await announceOverrideChange(QUEUE_PAUSE_OVERRIDE);
  return toOutput(override);
}

export async function resumeQueue(ctx: PlatformCtx, pauseId: string): Promise<QueuePauseOutput> {
  const active = (await activeOverrides(QUEUE_PAUSE_OVERRIDE)).find((override) => override.id === pauseId);
  if (!active) throw new NotFoundError(`no queue pause ${pauseId} in force`);
  const ended = await db().primary.$transaction((tx) =>
    endOverride(tx, active.id, { by: { userId: ctx.viewer.user.id, email: ctx.viewer.user.email }, reason: "resumed by hand", requestId: ctx.requestId }),
  );
  await announceOverrideChange(QUEUE_PAUSE_OVERRIDE);
  return toOutput(ended ?? active);
}

/** The pauses in force now, whole queue first. */
export async function listQueuePauses(): Promise<QueuePauseOutput[]> {
  const pauses = (await activeOverrides(QUEUE_PAUSE_OVERRIDE)).map(toOutput);
  return pauses.sort((a, b) => Number(a.tenantId !== null) - Number(b.tenantId !== null));
}
