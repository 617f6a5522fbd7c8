import { recordAudit } from "@/lib/audit";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import type { DbAccess } from "@/lib/db/access";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { TIME_RANGES } from "@/lib/ops/schemas";
import { thresholdRuleSchema, type ThresholdRule } from "../schemas";
import { calculateRuleFlapScore } from "./alert-record";
import { findLastTransitionBefore, findRuleForUpdate, listRulesWithAlerts, ruleExists, listTransitionsSince, updateRule, type RuleChanges, type RuleWithAlertRow, type TransitionRow } from "./repo";
import { RULE_METRICS } from "./rule-metrics";
import type { RuleHistoryQuery, RuleHistoryResponse, RuleOutput, RulesResponse, UpdateRuleInput, UpdateRuleResponse } from "./schemas";

/** Who may change rules: SREs and admins (platform admins always pass). */
export const RULE_EDITOR_ROLES: readonly PlatformRole[] = ["sre"];
const NOT_AN_EDITOR_REASON = "only SREs and admins can change rules";
const FLAP_WINDOW_MS = 24 * 3_600_000;

type ReadCtx = { db: DbAccess; role: PlatformRole };
type WriteCtx = { db: DbAccess; requestId: string; viewer: { user: { id: string; email: string } } };

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** A stored row as the rule schema reads it; a row that no longer parses is a bug, not input. */
function toThresholdRule(row: RuleWithAlertRow): ThresholdRule {
  return thresholdRuleSchema.parse({ ...row });
}

function toRuleOutput(row: RuleWithAlertRow, transitions: TransitionRow[], nowMs: number): RuleOutput {
  const rule = toThresholdRule(row);
  const binding = RULE_METRICS[rule.metric];
  const state = row.alert?.state ?? "inactive";
  const flapScore = calculateRuleFlapScore(
    transitions.filter((transition) => transition.ruleId === row.id).map((transition) => ({ atSeconds: transition.at.getTime() / 1000, from: transition.fromState, to: transition.toState })),
    state,
    nowMs / 1000,
  );
  return {
    ...rule,
    signal: binding.signal,
    label: binding.label,
    unit: binding.unit,
    thresholdRange: binding.thresholdRange,
    enabled: row.enabled,
    updatedAt: row.updatedAt.toISOString(),
    alert: {
      state,
      activeAt: iso(row.alert?.activeAt),
      keepFiringSince: iso(row.alert?.keepFiringSince),
      resolvedAt: iso(row.alert?.resolvedAt),
      value: row.alert?.value ?? null,
      evaluatedAt: iso(row.alert?.evaluatedAt),
    },
    flapScore,
  };
}

/** Every rule with its current alert, last value and flap score. */
export async function listRules(ctx: ReadCtx, evaluationIntervalSeconds: number, nowMs = Date.now()): Promise<RulesResponse> {
  const [rows, transitions] = await ctx.db.read((client) => Promise.all([listRulesWithAlerts(client), listTransitionsSince(client, new Date(nowMs - FLAP_WINDOW_MS))]));
  const canEdit = hasPlatformRole(ctx.role, RULE_EDITOR_ROLES);
  return {
    generatedAt: new Date(nowMs).toISOString(),
    evaluationIntervalSeconds,
    permissions: { canEdit, reason: canEdit ? null : NOT_AN_EDITOR_REASON },
    rules: rows.map((row) => toRuleOutput(row, transitions, nowMs)),
  };
}

function checkThresholdRange(rule: ThresholdRule, threshold: number): void {
  const { thresholdRange, unit } = RULE_METRICS[rule.metric];
  if (threshold < thresholdRange.min || threshold > thresholdRange.max) {
    const unitText = unit === "percent" ? " %" : " s";
    const message = `must be between ${thresholdRange.min} and ${thresholdRange.max}${unitText} for ${rule.metric}`;
    throw new ValidationError(`threshold ${message}`, { extra: { errors: [{ path: "json.threshold", message }] } });
  }
}

const EDITABLE_FIELDS = ["threshold", "forSeconds", "keepFiringForSeconds", "severity", "enabled"] as const satisfies readonly (keyof RuleChanges)[];
const pickEditable = (source: RuleChanges): RuleChanges => Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, source[field]])) as RuleChanges;

/**
 * Changes a rule's threshold, timing, severity or enabled flag, and records who did it in the
 * same transaction: the change and its audit entry commit together or not at all. The running
 * alert continues under the new settings at the next evaluation.
 */
export async function updateScalingRule(ctx: WriteCtx, id: string, input: UpdateRuleInput, nowMs = Date.now()): Promise<UpdateRuleResponse> {
  const result = await ctx.db.primary.$transaction(async (tx) => {
    const before = await findRuleForUpdate(tx, id);
    if (!before) throw new NotFoundError(`no scaling rule ${id}`);
    checkThresholdRange(toThresholdRule(before), input.threshold);
    const changes = pickEditable(input);
    const previous = pickEditable(before);
    if (EDITABLE_FIELDS.every((field) => changes[field] === previous[field])) return { row: before, audit: null };
    const row = await updateRule(tx, id, changes);
    const audit = await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: null,
      action: "scaling_rule.update",
      target: `scaling_rule:${id}`,
      before: previous,
      after: changes,
      requestId: ctx.requestId,
    });
    return { row, audit };
  });
  const transitions = await listTransitionsSince(ctx.db.primary, new Date(nowMs - FLAP_WINDOW_MS), id);
  return {
    rule: toRuleOutput(result.row, transitions, nowMs),
    audit: result.audit ? { id: result.audit.id, at: result.audit.at.toISOString() } : null,
  };
}

/** A rule's state changes within the range, and the state it was in when the range began. */
export async function getRuleHistory(ctx: ReadCtx, id: string, query: RuleHistoryQuery, nowMs = Date.now()): Promise<RuleHistoryResponse> {
  const from = new Date(nowMs - TIME_RANGES[query.range] * 1000);
  const to = new Date(nowMs);
  const [exists, previous, transitions] = await ctx.db.read((client) =>
    Promise.all([ruleExists(client, id), findLastTransitionBefore(client, id, from), listTransitionsSince(client, from, id)]),
  );
  if (!exists) throw new NotFoundError(`no scaling rule ${id}`);
  return {
    ruleId: id,
    range: query.range,
    from: from.toISOString(),
    to: to.toISOString(),
    initialState: previous?.toState ?? "inactive",
    transitions: transitions
      .filter((transition) => transition.at <= to)
      .map((transition) => ({ at: transition.at.toISOString(), from: transition.fromState, to: transition.toState, value: transition.value })),
  };
}
