import type { Prisma, PrismaClient } from "@/generated/prisma/client";

// Every Prisma call for the annotations: reads of other modules' records (procedure runs, alert
// transitions, instance-count history, overrides, promotions). All global ops state, no tenant data.

type Window = { from: Date; to: Date; limit: number };

const runSelect = { id: true, procedure: true, status: true, requestedByEmail: true, approvedByEmail: true, createdAt: true, startedAt: true, finishedAt: true, error: true } satisfies Prisma.ProcedureRunSelect;
export type RunAnnotationRow = Prisma.ProcedureRunGetPayload<{ select: typeof runSelect }>;

export function findRunsInWindow(client: PrismaClient, { from, to, limit }: Window): Promise<RunAnnotationRow[]> {
  return client.procedureRun.findMany({ where: { createdAt: { gte: from, lte: to } }, orderBy: { createdAt: "desc" }, take: limit, select: runSelect });
}

const transitionSelect = { id: true, ruleId: true, at: true, fromState: true, toState: true, value: true, rule: { select: { metric: true, severity: true, threshold: true, comparator: true } } } satisfies Prisma.ScalingAlertTransitionSelect;
export type TransitionAnnotationRow = Prisma.ScalingAlertTransitionGetPayload<{ select: typeof transitionSelect }>;

export function findAlertTransitionsInWindow(client: PrismaClient, { from, to, limit }: Window): Promise<TransitionAnnotationRow[]> {
  return client.scalingAlertTransition.findMany({ where: { at: { gte: from, lte: to } }, orderBy: { at: "desc" }, take: limit, select: transitionSelect });
}

export type InstanceChangeRow = { t: Date; value: number; previous: number };

/** Where the sampled instance count changed: autoscaler decisions, manual and emergency scaling alike. */
export function findInstanceCountChanges(client: PrismaClient, { from, to, limit }: Window): Promise<InstanceChangeRow[]> {
  return client.$queryRaw<InstanceChangeRow[]>`
    select t, value, previous from (
      select t, value, lag(value) over (order by t) as previous
      from metric_sample where series = 'instances' and t >= ${new Date(from.getTime() - 5 * 60_000)} and t <= ${to}
    ) changes
    where previous is not null and value <> previous and t >= ${from}
    order by t desc limit ${limit}`;
}

const overrideSelect = { id: true, kind: true, scope: true, payload: true, ownerEmail: true, createdAt: true, expiresAt: true, endedAt: true, endedBy: true, endReason: true } satisfies Prisma.EmergencyOverrideSelect;
export type OverrideAnnotationRow = Prisma.EmergencyOverrideGetPayload<{ select: typeof overrideSelect }>;

/** Overrides that started or ended inside the window. */
export function findOverridesInWindow(client: PrismaClient, { from, to, limit }: Window): Promise<OverrideAnnotationRow[]> {
  return client.emergencyOverride.findMany({
    where: { OR: [{ createdAt: { gte: from, lte: to } }, { endedAt: { gte: from, lte: to } }] },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: overrideSelect,
  });
}

const policyChangeSelect = { id: true, at: true, actorEmail: true, action: true } satisfies Prisma.AuditEntrySelect;
export type PolicyChangeRow = Prisma.AuditEntryGetPayload<{ select: typeof policyChangeSelect }>;

/** Autoscaling-policy and threshold-rule changes: they change how the system scales from then on. */
export function findScalingConfigChanges(client: PrismaClient, { from, to, limit }: Window): Promise<PolicyChangeRow[]> {
  return client.auditEntry.findMany({
    where: { at: { gte: from, lte: to }, OR: [{ action: { startsWith: "autoscaling_policy." } }, { action: { startsWith: "scaling_rule." } }] },
    orderBy: { at: "desc" },
    take: limit,
    select: policyChangeSelect,
  });
}

const promotionSelect = { epoch: true, promotedName: true, promotedHost: true, formerHost: true, lagBytes: true, lagSeconds: true, formerFencing: true, promotedAt: true } satisfies Prisma.DatabasePromotionSelect;
export type PromotionAnnotationRow = Prisma.DatabasePromotionGetPayload<{ select: typeof promotionSelect }>;

export function findPromotionsInWindow(client: PrismaClient, { from, to, limit }: Window): Promise<PromotionAnnotationRow[]> {
  return client.databasePromotion.findMany({ where: { promotedAt: { gte: from, lte: to } }, orderBy: { promotedAt: "desc" }, take: limit, select: promotionSelect });
}
