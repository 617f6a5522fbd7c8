import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { localAutoscalingPolicy, storedPolicySource } from "@/lib/autoscaling/policy-store";
import { openScalingEvent } from "@/lib/checklists";
import { db } from "@/lib/db/client";
import { ConflictError } from "@/lib/http/errors";
import { logger } from "@/lib/logging/logger";
import { scaleTo, sharedOrchestrator } from "@/lib/capacity";
import { emergencyMinimumReplicas } from "@/lib/capacity/emergency-floor";
import type { Orchestrator, OrchestratorStatus } from "@/lib/capacity/orchestrators";
import { processSingleton } from "@/lib/process-singleton";
import type { HpaPolicy } from "@/lib/scaling/schemas";
import { overrideBus } from "../override-bus";
import { activeOverrides, announceOverrideChange, createOverride, DEFAULT_OVERRIDE_MINUTES, endOverride, onOverrideExpired, type Override } from "../overrides";
import type { Procedure, ProcedureChange, ProcedurePreview, ProcedureRunContext } from "../procedure";
import { describeScaleUpLimits, planScaleUp, type ScaleUpPlan } from "./scale-up-plan";

const scaleUpInputSchema = z.object({
  /** How long the raised minimum holds before the autoscaler's own minimum returns. */
  durationMinutes: z.number().int().min(5).max(24 * 60).default(DEFAULT_OVERRIDE_MINUTES),
});
export type ScaleUpInput = z.infer<typeof scaleUpInputSchema>;

/**
 * How long a new instance takes to serve. Local: a forked process loading the built app (3 s
 * from "Run now" to serving in e2e/ui/emergency-scale-up.spec.ts on a 2-core machine; 10 s
 * leaves room for a loaded one); Kubernetes: scheduling, a cached image and a readiness probe,
 * a conservative default.
 */
const INSTANCE_START_SECONDS = { local: 10, kubernetes: 60 } as const;
const OVERRIDE_SCOPE = "app";
const READY_POLL_MS = 1_000;

export type ScaleUpDeps = {
  orchestrator(): Orchestrator;
  /** The autoscaling policy in force (its scale-up limits pace the steps; its maximum caps them). */
  policy(): Promise<HpaPolicy>;
  /** How long to wait for the new instances before reporting what is running. */
  readyTimeoutMs: number;
};

/** The procedure's orchestrator behind scaleTo, so tests can hand in their own. */
const capacityOf = (orchestrator: Orchestrator) => ({ orchestrator, emergencyFloor: emergencyMinimumReplicas });

type Situation = { status: OrchestratorStatus; policy: HpaPolicy; plan: ScaleUpPlan; active: Override | undefined };

const floorLabel = (status: OrchestratorStatus) => (status.mode === "kubernetes" ? "HPA min" : "minimum instances");

/**
 * The orchestrator's raised floor follows the override rows: one that was ended by hand, or
 * lapsed while its expiry handler ran elsewhere (the local floor is per process), is put back.
 */
async function reconcileMinimum(orchestrator: Orchestrator, active: Override[]): Promise<OrchestratorStatus> {
  const status = await orchestrator.describe();
  const isHeld = active.some((override) => override.scope === OVERRIDE_SCOPE);
  if (!status.minimumOverride || isHeld) return status;
  return (await scaleTo({ minReplicas: "restore", source: "override-ended" }, capacityOf(orchestrator))).status;
}

async function assess(deps: ScaleUpDeps): Promise<Situation> {
  const [stored, active] = await Promise.all([deps.policy(), activeOverrides("min-instances")]);
  const status = await reconcileMinimum(deps.orchestrator(), active);
  // Kubernetes: the HPA's own maximum is the one in force; local: the saved policy inside the machine's limit.
  const maxReplicas = status.mode === "kubernetes" ? status.maxReplicas : Math.min(stored.maxReplicas, status.maxReplicas);
  const policy = { ...stored, minReplicas: status.minReplicas, maxReplicas };
  const plan = planScaleUp({ currentReplicas: status.desiredReplicas, policy, instanceStartSeconds: INSTANCE_START_SECONDS[status.mode] });
  return { status, policy, plan, active: active.find((override) => override.scope === OVERRIDE_SCOPE) };
}

function plannedChanges({ status, plan }: Situation, expiresInMinutes: number): ProcedureChange[] {
  return [
    { label: "instances", from: String(plan.fromReplicas), to: String(plan.targetReplicas) },
    { label: floorLabel(status), from: String(status.minReplicas), to: String(plan.targetReplicas) },
    { label: "raised minimum expires", from: "—", to: `after ${expiresInMinutes} min (minimum back to ${status.minReplicas})` },
  ];
}

function describePreview(situation: Situation, input: ScaleUpInput): ProcedurePreview {
  const { status, policy, plan, active } = situation;
  const blockers: string[] = [];
  const warnings: string[] = [];
  if (active) blockers.push(`a raised minimum of ${String(active.payload.minReplicas)} instances is already active (owner ${active.owner.email}, until ${active.expiresAt.toISOString()}); end it first`);
  if (plan.steps.length === 0) blockers.push(`already at the policy's maximum of ${policy.maxReplicas} instances`);
  if (plan.isCappedAtMaximum && plan.steps.length > 0) warnings.push(`+50 % would be ${Math.ceil(plan.fromReplicas * 1.5)}; capped at the policy's maximum of ${policy.maxReplicas}`);
  if (plan.steps.length > 1) warnings.push(`the policy's scale-up limits (${describeScaleUpLimits(policy)}) pace this in ${plan.steps.length} steps over ${plan.steps.at(-1)!.atSeconds} s`);
  if (status.currentReplicas !== status.desiredReplicas) warnings.push(`${status.currentReplicas} instances run while ${status.desiredReplicas} are asked for: a change is already under way`);
  const summary = `${plan.fromReplicas} → ${plan.targetReplicas} instances; ${floorLabel(status)} ${status.minReplicas} → ${plan.targetReplicas}; ~${plan.estimatedSeconds} s (scale-up limits: ${describeScaleUpLimits(policy)})`;
  return { summary, changes: plannedChanges(situation, input.durationMinutes), warnings, blockers, estimatedSeconds: plan.estimatedSeconds };
}

async function raiseInSteps(deps: ScaleUpDeps, plan: ScaleUpPlan, ctx: ProcedureRunContext): Promise<OrchestratorStatus> {
  const startedAt = Date.now();
  let status: OrchestratorStatus | undefined;
  for (const [index, step] of plan.steps.entries()) {
    const waitMs = startedAt + step.atSeconds * 1000 - Date.now();
    if (waitMs > 0) await sleep(waitMs, undefined, { signal: ctx.signal });
    ({ status } = await scaleTo({ minReplicas: step.replicas, source: "emergency" }, capacityOf(deps.orchestrator())));
    await ctx.progress({ done: index + 1, total: plan.steps.length + 1, message: `minimum raised to ${step.replicas} instances` });
  }
  return status!;
}

function readyCount(status: OrchestratorStatus): number {
  return status.readyReplicas ?? status.currentReplicas;
}

function readiness(status: OrchestratorStatus, target: number): string {
  return `${readyCount(status)} of ${target} instances ${status.readyReplicas === undefined ? "running" : "serving"}`;
}

/** Polls until the target runs or the timeout passes; the outcome says which. */
async function waitForInstances(deps: ScaleUpDeps, target: number, ctx: ProcedureRunContext, totalSteps: number): Promise<OrchestratorStatus> {
  const deadline = Date.now() + deps.readyTimeoutMs;
  let status = await deps.orchestrator().describe();
  // A started instance is not capacity yet: wait for it to serve where the orchestrator can tell.
  while (readyCount(status) < target && Date.now() < deadline) {
    await ctx.progress({ done: totalSteps, total: totalSteps + 1, message: readiness(status, target) });
    await sleep(READY_POLL_MS, undefined, { signal: ctx.signal });
    status = await deps.orchestrator().describe();
  }
  return status;
}

export function createScaleUpProcedure(deps: ScaleUpDeps): Procedure<ScaleUpInput> {
  return {
    id: "scale-up",
    name: "Immediate scale-up",
    description: "Adds 50 % more app instances (up to the autoscaling policy's maximum) and holds them with a raised minimum that expires.",
    runbook: [
      "Confirm the overload: CPU, memory, p95 latency and queue depth on the overview.",
      "Scale up immediately: +50 % instances, capped at the policy's maximum.",
      "Raise the autoscaler's minimum so it does not undo the change; give it an expiry.",
      "Watch the new instances become ready and the load spread across them.",
      "Find the cause while the extra capacity holds; end or let the raised minimum expire.",
    ],
    inputSchema: scaleUpInputSchema,
    requiresSecondApproval: false,
    requiresDataLossAcknowledgement: false,

    async preview(input) {
      return describePreview(await assess(deps), input);
    },

    async run(input, ctx) {
      const situation = await assess(deps);
      const preview = describePreview(situation, input);
      if (preview.blockers.length > 0) throw new ConflictError(preview.blockers.join("; "));
      const { status, plan } = situation;
      const expiresAt = new Date(Date.now() + input.durationMinutes * 60_000);
      const override = await db().primary.$transaction((tx) =>
        createOverride(tx, {
          kind: "min-instances",
          scope: OVERRIDE_SCOPE,
          owner: ctx.actor,
          expiresAt,
          runId: ctx.runId,
          requestId: ctx.requestId,
          payload: { minReplicas: plan.targetReplicas, previousMinReplicas: status.minReplicas, fromReplicas: plan.fromReplicas, mode: status.mode },
        }),
      );
      await announceOverrideChange("min-instances");
      try {
        await raiseInSteps(deps, plan, ctx);
      } catch (error) {
        await undo(deps, override, ctx, error);
        throw error;
      }
      const settled = await waitForInstances(deps, plan.targetReplicas, ctx, plan.steps.length);
      await ctx.progress({ done: plan.steps.length + 1, total: plan.steps.length + 1, message: readiness(settled, plan.targetReplicas) });
      const checklistEventId = await openChecklists(ctx, { before: plan.fromReplicas, after: settled.desiredReplicas, overrideId: override.id });
      return {
        changes: [
          { label: "instances", from: String(plan.fromReplicas), to: String(settled.desiredReplicas) },
          { label: floorLabel(status), from: String(status.minReplicas), to: String(settled.minReplicas) },
          { label: "raised minimum expires", from: "—", to: expiresAt.toISOString() },
        ],
        details: { overrideId: override.id, checklistEventId, expiresAt: expiresAt.toISOString(), steps: plan.steps, runningReplicas: settled.currentReplicas, servingReplicas: readyCount(settled), desiredReplicas: settled.desiredReplicas, mode: status.mode },
      };
    },

    async currentState() {
      const active = await activeOverrides("min-instances");
      const status = await reconcileMinimum(deps.orchestrator(), active);
      const raised = active.find((override) => override.scope === OVERRIDE_SCOPE);
      const floor = raised ? `; minimum raised to ${String(raised.payload.minReplicas)} until ${raised.expiresAt.toISOString()}` : "";
      return `${status.currentReplicas} instances running (min ${status.minReplicas}, max ${status.maxReplicas})${floor}`;
    },
  };
}

/** A scale-up opens a scaling event (pre/implementation/post checklists); failing that does not undo the scale-up. */
async function openChecklists(ctx: ProcedureRunContext, change: { before: number; after: number; overrideId: string }): Promise<string | null> {
  try {
    const event = await openScalingEvent({
      reason: `Immediate scale-up ${change.before} → ${change.after} instances (emergency procedure)`,
      source: "scale-up",
      actorUserId: ctx.actor.userId,
      actorEmail: ctx.actor.email,
      requestId: ctx.requestId,
      tenantId: null,
      details: { instances: { before: change.before, after: change.after }, overrideId: change.overrideId, runId: ctx.runId },
    });
    return event.id;
  } catch (error) {
    logger.error("the scale-up ran but its scaling event could not be opened; open one on the checklists page", { runId: ctx.runId, err: error });
    return null;
  }
}

/** A failed raise ends the override and puts the floor back, so nothing half-done outlives the run. */
async function undo(deps: ScaleUpDeps, override: Override, ctx: ProcedureRunContext, cause: unknown): Promise<void> {
  const reason = `the scale-up failed: ${cause instanceof Error ? cause.message : String(cause)}`;
  try {
    await scaleTo({ minReplicas: "restore", source: "emergency" }, capacityOf(deps.orchestrator()));
    await db().primary.$transaction((tx) => endOverride(tx, override.id, { by: ctx.actor, reason, requestId: ctx.requestId }));
    await announceOverrideChange("min-instances");
  } catch (error) {
    logger.error("could not undo a failed scale-up; the override ends at its expiry", { overrideId: override.id, err: error });
  }
}

export const scaleUpProcedure = createScaleUpProcedure({
  orchestrator: sharedOrchestrator,
  policy: () => processSingleton("emergency-scale-up-policy", () => storedPolicySource(db().primary, localAutoscalingPolicy))(),
  readyTimeoutMs: 120_000,
});

// When the raised minimum lapses the orchestrator's own floor returns; the autoscaler then
// scales down at its policy's pace. Registered once per process (the module may load twice).
processSingleton("emergency-scale-up-expiry", () => {
  onOverrideExpired("min-instances", async () => {
    await scaleTo({ minReplicas: "restore", source: "override-ended" });
  });
  // Ended by hand ("end now"): the instance that ended it announces it; put the floor back there.
  return overrideBus().subscribe((kind) => {
    if (kind !== "min-instances") return;
    void activeOverrides("min-instances")
      .then((active) => reconcileMinimum(sharedOrchestrator(), active))
      .catch((error: unknown) => logger.warn("could not reconcile the instance minimum with the overrides", { err: error }));
  });
});
