import { db } from "@/lib/db/client";
import { activeOverrides, announceOverrideChange, createOverride, endOverride, type Override } from "@/lib/emergency/overrides";
import type { PlatformCtx } from "@/lib/http/define-route";
import { NotFoundError } from "@/lib/http/errors";
import type { AutoscalingPauseInput, AutoscalingPauseOutput } from "./schemas";

/**
 * Pausing autoscaling (while someone investigates, or holds a count by hand) is an override like
 * the emergency ones: it has an owner and an expiry with a reminder, so it cannot be forgotten on.
 */
const PAUSE_KIND = "autoscaling-paused";
const PAUSE_SCOPE = "global";

export type AutoscalingPause = { owner: string; until: Date; reason: string };

const reasonOf = (override: Override): string => (typeof override.payload.reason === "string" ? override.payload.reason : "");

function toOutput(override: Override): AutoscalingPauseOutput {
  return {
    id: override.id,
    owner: override.owner.email,
    reason: reasonOf(override),
    createdAt: override.createdAt.toISOString(),
    expiresAt: override.expiresAt.toISOString(),
  };
}

export async function pauseAutoscaling(ctx: PlatformCtx, input: AutoscalingPauseInput): Promise<AutoscalingPauseOutput> {
  const override = await db().primary.$transaction((tx) =>
    createOverride(tx, {
      kind: PAUSE_KIND,
      scope: PAUSE_SCOPE,
      owner: { userId: ctx.viewer.user.id, email: ctx.viewer.user.email },
      expiresAt: new Date(Date.now() + input.minutes * 60_000),
      payload: { reason: input.reason },
      requestId: ctx.requestId,
    }),
  );
  await announceOverrideChange(PAUSE_KIND);
  return toOutput(override);
}

export async function resumeAutoscaling(ctx: PlatformCtx): Promise<AutoscalingPauseOutput> {
  const [active] = await activeOverrides(PAUSE_KIND);
  if (!active) throw new NotFoundError("autoscaling is not paused");
  const ended = await db().primary.$transaction((tx) =>
    endOverride(tx, active.id, { by: { userId: ctx.viewer.user.id, email: ctx.viewer.user.email }, reason: "resumed by hand", requestId: ctx.requestId }),
  );
  await announceOverrideChange(PAUSE_KIND);
  return toOutput(ended ?? active);
}

/** The pause in force now, if any; the autoscaler reads it every tick. */
export async function currentAutoscalingPause(): Promise<AutoscalingPause | null> {
  const [active] = await activeOverrides(PAUSE_KIND);
  if (!active) return null;
  return { owner: active.owner.email, until: active.expiresAt, reason: reasonOf(active) };
}
