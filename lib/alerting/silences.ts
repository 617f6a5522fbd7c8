import { recordAudit } from "@/lib/audit";
import { hasPlatformRole, type PlatformRole } from "@/lib/auth/roles";
import type { DbAccess } from "@/lib/db/access";
import { env } from "@/lib/env";
import { ConflictError, NotFoundError, UnavailableError } from "@/lib/http/errors";
import { ruleExists } from "@/lib/scaling/rules/repo";
import { RULE_EDITOR_ROLES } from "@/lib/scaling/rules/service";
import type { CreateSilenceInput, ExpiredSilence, Silence, SilenceChanged, SilencesResponse } from "./schemas";
import { AlertmanagerRequestError, createSilence, expireSilence, getSilence, listSilences, type GettableSilence } from "./silences-client";

// Silences live in Alertmanager (it mutes, routes and inhibits); this app only lists the ones
// aimed at its rules and creates or expires them there, recording who did it. With several
// ALERTMANAGER_URLS they are expected to be one cluster, which shares silences by gossip, so
// the first is read and written.

type ReadCtx = { role: PlatformRole };
type WriteCtx = { db: DbAccess; requestId: string; viewer: { user: { id: string; email: string } } };

const TIMEOUT_MS = 5_000;
const NOT_AN_EDITOR_REASON = "only SREs and admins can silence rules";

function alertmanagerUrl(): string | null {
  return env().ALERTMANAGER_URLS[0] ?? null;
}

function requireAlertmanager(): string {
  const url = alertmanagerUrl();
  if (!url) throw new ConflictError("no Alertmanager is configured (ALERTMANAGER_URLS), so there is nothing to silence in");
  return url;
}

/** Alertmanager being down is a 503 of ours, not a 500. */
async function viaAlertmanager<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AlertmanagerRequestError) throw new UnavailableError(err.message, 30, { cause: err });
    throw err;
  }
}

/** The rule a silence is for: an exact `rule_id` matcher; null for silences of other alerts. */
function ruleIdOf(silence: Pick<GettableSilence, "matchers">): string | null {
  const matcher = silence.matchers.find((candidate) => candidate.name === "rule_id" && !candidate.isRegex && candidate.isEqual !== false);
  return matcher?.value ?? null;
}

function toSilence(silence: GettableSilence): Silence | null {
  const ruleId = ruleIdOf(silence);
  if (ruleId === null || silence.status.state === "expired") return null;
  return {
    id: silence.id,
    ruleId,
    state: silence.status.state,
    createdBy: silence.createdBy,
    comment: silence.comment,
    startsAt: new Date(silence.startsAt).toISOString(),
    endsAt: new Date(silence.endsAt).toISOString(),
  };
}

export async function listRuleSilences(ctx: ReadCtx): Promise<SilencesResponse> {
  const canEdit = hasPlatformRole(ctx.role, RULE_EDITOR_ROLES);
  const permissions = { canEdit, reason: canEdit ? null : NOT_AN_EDITOR_REASON };
  const url = alertmanagerUrl();
  if (!url) return { configured: false, alertmanager: null, permissions, silences: [] };
  const all = await viaAlertmanager(() => listSilences(url, TIMEOUT_MS));
  const silences = all.flatMap((silence) => toSilence(silence) ?? []).sort((a, b) => a.endsAt.localeCompare(b.endsAt));
  return { configured: true, alertmanager: url, permissions, silences };
}

/**
 * Silences one rule's alerts for a while. The audit entry is written first: Alertmanager is not
 * part of our transaction, and a silence nobody can account for is worse than a recorded attempt.
 */
export async function silenceRule(ctx: WriteCtx, input: CreateSilenceInput, nowMs = Date.now()): Promise<SilenceChanged> {
  const url = requireAlertmanager();
  if (!(await ruleExists(ctx.db.primary, input.ruleId))) throw new NotFoundError(`no scaling rule ${input.ruleId}`);
  const startsAt = new Date(nowMs).toISOString();
  const endsAt = new Date(nowMs + input.durationMinutes * 60_000).toISOString();
  const audit = await recordAudit(ctx.db.primary, {
    actorUserId: ctx.viewer.user.id,
    actorEmail: ctx.viewer.user.email,
    tenantId: null,
    action: "alert_silence.create",
    target: `scaling_rule:${input.ruleId}`,
    before: null,
    after: { alertmanager: url, endsAt, comment: input.comment },
    requestId: ctx.requestId,
  });
  const matchers = [{ name: "rule_id", value: input.ruleId, isRegex: false, isEqual: true }];
  const id = await viaAlertmanager(() => createSilence(url, { matchers, startsAt, endsAt, createdBy: ctx.viewer.user.email, comment: input.comment }, TIMEOUT_MS));
  return {
    silence: { id, ruleId: input.ruleId, state: "active", createdBy: ctx.viewer.user.email, comment: input.comment, startsAt, endsAt },
    audit: { id: audit.id, at: audit.at.toISOString() },
  };
}

/** Ends a silence of one of our rules now; silences of other alerts are not ours to end. */
export async function expireRuleSilence(ctx: WriteCtx, id: string): Promise<ExpiredSilence> {
  const url = requireAlertmanager();
  const silence = await viaAlertmanager(() => getSilence(url, id, TIMEOUT_MS));
  const ours = silence && toSilence(silence);
  if (!ours) throw new NotFoundError(`no active silence ${id} of a threshold rule`);
  const audit = await recordAudit(ctx.db.primary, {
    actorUserId: ctx.viewer.user.id,
    actorEmail: ctx.viewer.user.email,
    tenantId: null,
    action: "alert_silence.expire",
    target: `scaling_rule:${ours.ruleId}`,
    before: { alertmanager: url, silenceId: id, endsAt: ours.endsAt, createdBy: ours.createdBy, comment: ours.comment },
    after: null,
    requestId: ctx.requestId,
  });
  await viaAlertmanager(() => expireSilence(url, id, TIMEOUT_MS));
  return { id, audit: { id: audit.id, at: audit.at.toISOString() } };
}
