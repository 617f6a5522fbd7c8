import type { Prisma, PrismaClient, ScalingAlertState } from "@/generated/prisma/client";
import type { ThresholdRule } from "../schemas";

// Every Prisma call for threshold rules. Rules are global ops configuration, not tenant data,
// so these functions take no tenantId; only ops roles reach them.

type Db = PrismaClient | Prisma.TransactionClient;

const ruleSelect = {
  id: true,
  metric: true,
  comparator: true,
  threshold: true,
  forSeconds: true,
  keepFiringForSeconds: true,
  severity: true,
  action: true,
  enabled: true,
  updatedAt: true,
} satisfies Prisma.ScalingRuleSelect;

const alertSelect = {
  state: true,
  activeAt: true,
  keepFiringSince: true,
  resolvedAt: true,
  value: true,
  evaluatedAt: true,
} satisfies Prisma.ScalingRuleAlertSelect;

const transitionSelect = { ruleId: true, at: true, fromState: true, toState: true, value: true } satisfies Prisma.ScalingAlertTransitionSelect;

export type RuleRow = Prisma.ScalingRuleGetPayload<{ select: typeof ruleSelect }>;
export type AlertRow = Prisma.ScalingRuleAlertGetPayload<{ select: typeof alertSelect }>;
export type TransitionRow = Prisma.ScalingAlertTransitionGetPayload<{ select: typeof transitionSelect }>;
export type RuleWithAlertRow = RuleRow & { alert: AlertRow | null };

/** Inserts the rules that are missing; never overwrites one an operator has edited. */
export async function insertMissingRules(client: PrismaClient, rules: readonly ThresholdRule[]): Promise<number> {
  const result = await client.scalingRule.createMany({ data: [...rules], skipDuplicates: true });
  return result.count;
}

export async function listRulesWithAlerts(client: Db): Promise<RuleWithAlertRow[]> {
  return client.scalingRule.findMany({ select: { ...ruleSelect, alert: { select: alertSelect } }, orderBy: { id: "asc" } });
}

export async function findRuleWithAlert(client: Db, id: string): Promise<RuleWithAlertRow | null> {
  return client.scalingRule.findUnique({ where: { id }, select: { ...ruleSelect, alert: { select: alertSelect } } });
}

export async function ruleExists(client: Db, id: string): Promise<boolean> {
  return (await client.scalingRule.count({ where: { id } })) > 0;
}

/** The rule, locked until the transaction ends, so two edits of one rule apply in turn. */
export async function findRuleForUpdate(tx: Prisma.TransactionClient, id: string): Promise<RuleWithAlertRow | null> {
  await tx.$queryRaw`select id from scaling_rule where id = ${id} for no key update`;
  return findRuleWithAlert(tx, id);
}

export type RuleChanges = Pick<RuleRow, "threshold" | "forSeconds" | "keepFiringForSeconds" | "severity" | "enabled">;

export async function updateRule(tx: Prisma.TransactionClient, id: string, changes: RuleChanges): Promise<RuleWithAlertRow> {
  return tx.scalingRule.update({ where: { id }, data: changes, select: { ...ruleSelect, alert: { select: alertSelect } } });
}

/** Transitions at or after `since`, oldest first; for one rule or all. */
export async function listTransitionsSince(client: Db, since: Date, ruleId?: string): Promise<TransitionRow[]> {
  return client.scalingAlertTransition.findMany({
    where: { at: { gte: since }, ...(ruleId ? { ruleId } : {}) },
    select: transitionSelect,
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
}

export async function findLastTransitionBefore(client: Db, ruleId: string, before: Date): Promise<TransitionRow | null> {
  return client.scalingAlertTransition.findFirst({ where: { ruleId, at: { lt: before } }, select: transitionSelect, orderBy: [{ at: "desc" }, { id: "desc" }] });
}

// ----- the control loop's evaluation ---------------------------------------------------------

/**
 * Every rule with its stored alert, the rules locked: if two instances briefly both believe
 * they lead, their evaluations run one after the other, and the second sees the first's result
 * (and skips each rule it would not move forward in time).
 */
export async function lockRulesForEvaluation(tx: Prisma.TransactionClient): Promise<RuleWithAlertRow[]> {
  await tx.$queryRaw`select id from scaling_rule order by id for no key update`;
  return listRulesWithAlerts(tx);
}

export type SampleRow = { series: string; t: Date; value: number };

/** The samples of these signals in `[from, to]`, for every series of each signal. */
export async function listSamplesBetween(client: Db, signals: string[], from: Date, to: Date): Promise<SampleRow[]> {
  const prefixes = signals.map((signal) => `${signal}:%`);
  return client.$queryRaw<SampleRow[]>`
    select series, t, value from metric_sample
    where (series = any(${signals}::text[]) or series like any(${prefixes}::text[])) and t >= ${from} and t <= ${to}
    order by series, t`;
}

export type AlertWrite = {
  ruleId: string;
  state: ScalingAlertState;
  activeAt: Date | null;
  keepFiringSince: Date | null;
  resolvedAt: Date | null;
  value: number | null;
  evaluatedAt: Date;
};

export async function saveAlert(tx: Prisma.TransactionClient, alert: AlertWrite): Promise<void> {
  const { ruleId, ...fields } = alert;
  await tx.scalingRuleAlert.upsert({ where: { ruleId }, create: alert, update: fields });
}

export type TransitionWrite = { ruleId: string; at: Date; fromState: ScalingAlertState; toState: ScalingAlertState; value: number | null };

export async function insertTransitions(tx: Prisma.TransactionClient, rows: TransitionWrite[]): Promise<void> {
  if (rows.length > 0) await tx.scalingAlertTransition.createMany({ data: rows });
}
