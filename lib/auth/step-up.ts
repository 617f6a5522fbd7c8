import { isAPIError } from "better-auth/api";
import { auth } from "@/lib/auth/auth";
// The repo, not the audit index: the index mounts routes, which import defineRoute, which imports this file.
import { recordAudit } from "@/lib/audit/repo";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Viewer } from "@/lib/auth/session";
import { AppError, TooManyRequestsError, UnauthorizedError, ValidationError } from "@/lib/http/errors";
import { signInLimiter } from "@/lib/auth/sign-in-limiter";
import { isPrimaryUnavailable, journalState, journalStepUp } from "@/lib/break-glass";

/**
 * Step-up authentication: an emergency procedure or a sign-off needs proof that the person at
 * the keyboard is the account's owner right now, not an unlocked laptop with a week-old session.
 * A sign-in or a re-entered password unlocks such actions for STEP_UP_MAX_AGE_SECONDS.
 */
export class StepUpRequiredError extends AppError {
  readonly status = 403;
  readonly code = "step_up_required";
}

export type StepUpStatus = {
  /** When the password was last proven in this session (sign-in or re-entry). */
  verifiedAt: Date;
  /** Until when dangerous actions need no password; in the past when one is needed now. */
  validUntil: Date;
  required: boolean;
};

type CurrentSession = { id: string; createdAt: Date };

/** What a step-up check needs of a request: its cookies, who is asking, and where to audit it. */
type StepUpCtx = { requestId: string; viewer: Viewer; tenantId: string | null; http: { req: { raw: Request } } };

async function currentSession(ctx: StepUpCtx): Promise<CurrentSession> {
  // Past the cookie cache: a session revoked a moment ago must not unlock anything.
  const found = await auth().api.getSession({ headers: ctx.http.req.raw.headers, query: { disableCookieCache: true } });
  if (!found) throw new UnauthorizedError("sign in first");
  return { id: found.session.id, createdAt: new Date(found.session.createdAt) };
}

function maxAgeMs(): number {
  return env().STEP_UP_MAX_AGE_SECONDS * 1000;
}

// The primary, not a replica: a password entered a moment ago must count on the very next request.
// While the primary is down, a replica and the break-glass journal (where step-ups go meanwhile).
async function lastVerifiedAt(session: CurrentSession): Promise<Date> {
  const [row, journal] = await Promise.all([
    db().readFresh((client) => client.sessionStepUp.findUnique({ where: { sessionId: session.id }, select: { verifiedAt: true } })),
    journalState(),
  ]);
  const candidates = [session.createdAt, row?.verifiedAt, journal.stepUps.get(session.id)].filter((date): date is Date => date !== undefined);
  return new Date(Math.max(...candidates.map((date) => date.getTime())));
}

function statusFrom(verifiedAt: Date, now: Date): StepUpStatus {
  const validUntil = new Date(verifiedAt.getTime() + maxAgeMs());
  return { verifiedAt, validUntil, required: validUntil <= now };
}

export async function stepUpStatus(ctx: StepUpCtx, now = new Date()): Promise<StepUpStatus> {
  return statusFrom(await lastVerifiedAt(await currentSession(ctx)), now);
}

/** Throws a 403 `step_up_required` problem unless the password was proven in the last minutes. */
export async function requireRecentPassword(ctx: StepUpCtx): Promise<void> {
  const status = await stepUpStatus(ctx);
  if (status.required) {
    throw new StepUpRequiredError(`re-enter your password to continue: this action needs a password entered in the last ${Math.round(maxAgeMs() / 60_000)} minutes`);
  }
}

async function passwordMatches(ctx: StepUpCtx, password: string): Promise<boolean> {
  try {
    await auth().api.verifyPassword({ body: { password }, headers: ctx.http.req.raw.headers });
    return true;
  } catch (error) {
    if (isAPIError(error) && error.status === "BAD_REQUEST") return false;
    throw error;
  }
}

/**
 * Checks the password against the signed-in account and, when it matches, unlocks dangerous
 * actions for this session. Attempts are counted per account before the password is checked, in
 * the store every app process shares (with change-password's), and every attempt is audited.
 */
export async function confirmPassword(ctx: StepUpCtx, password: string): Promise<StepUpStatus> {
  const attempt = await signInLimiter().take("password", ctx.viewer.user.id);
  if (!attempt.allowed) throw new TooManyRequestsError(`too many wrong passwords; try again in ${attempt.retryAfterSeconds} s`, attempt.retryAfterSeconds);

  const session = await currentSession(ctx);
  const matches = await passwordMatches(ctx, password);
  let now = new Date();
  const audit = {
    actorUserId: ctx.viewer.user.id,
    actorEmail: ctx.viewer.user.email,
    // Step-up unlocks platform changes: it belongs to no tenant's trail.
    tenantId: null,
    action: matches ? "auth.step_up" : "auth.step_up_refused",
    target: `user:${ctx.viewer.user.id}`,
    before: null,
    after: null,
    requestId: ctx.requestId,
  };
  const journal = () => journalStepUp({ sessionId: session.id, userId: ctx.viewer.user.id, matched: matches, audit });
  if (!db().primaryReachable()) {
    now = await journal();
  } else {
    try {
      await db().primary.$transaction(async (tx) => {
        if (matches) {
          await tx.sessionStepUp.upsert({ where: { sessionId: session.id }, create: { sessionId: session.id, verifiedAt: now }, update: { verifiedAt: now } });
        }
        await recordAudit(tx, audit);
      });
    } catch (error) {
      // The primary went away: the SRE about to promote a replica must still be able to step up.
      if (!isPrimaryUnavailable(error)) throw error;
      now = await journal();
    }
  }
  if (!matches) {
    throw new ValidationError("the password is not correct", { extra: { errors: [{ path: "body.password", message: "does not match this account's password" }] } });
  }
  await signInLimiter().clear("password", ctx.viewer.user.id);
  return statusFrom(now, now);
}
