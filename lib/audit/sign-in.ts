import type { MiddlewareHandler } from "hono";
import { clientAddress } from "@/lib/auth/client-address";
import { emailOf, refusedLimitOf } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db/client";
import type { ApiEnv } from "@/lib/http/context";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { recordAudit, recordAuditBatch, type AuditEntryInput } from "./repo";

/** Failed and refused sign-ins are counted for this long, then written as one entry per key. */
const TALLY_SECONDS = 10;
/** Distinct keys counted per period; past it, attempts are counted under one overflow key. */
const MAX_KEYS = 2_000;
const MAX_ADDRESSES_PER_KEY = 5;
const ENTRIES_PER_STATEMENT = 200;

type Tally = { action: string; target: string; email: string; count: number; addresses: Set<string>; requestId: string };

/**
 * Counts failed sign-ins per key and writes the counts once per period, in a few statements: a
 * flood of wrong passwords or of cheap 429s then costs a handful of appends to the audit chain
 * (whose lock every audited action waits for) instead of one per attempt.
 */
class SignInTally {
  private tallies = new Map<string, Tally>();
  private periodStart = new Date();
  private timer: NodeJS.Timeout | undefined;

  add(action: string, target: string, email: string, address: string, requestId: string): void {
    let key = `${action}|${target}`;
    if (!this.tallies.has(key) && this.tallies.size >= MAX_KEYS) {
      key = `${action}|sign-in:overflow`;
      target = "sign-in:overflow";
      email = "anonymous";
    }
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { action, target, email, count: 0, addresses: new Set(), requestId };
      this.tallies.set(key, tally);
    }
    tally.count += 1;
    if (tally.addresses.size < MAX_ADDRESSES_PER_KEY) tally.addresses.add(address);
    this.timer ??= setTimeout(() => void this.flush(), TALLY_SECONDS * 1000).unref();
  }

  private async flush(): Promise<void> {
    const tallies = [...this.tallies.values()];
    const window = { start: this.periodStart.toISOString(), end: new Date().toISOString() };
    this.tallies = new Map();
    this.periodStart = new Date();
    this.timer = undefined;
    const entries: AuditEntryInput[] = tallies.map((tally) => ({
      actorUserId: "anonymous",
      actorEmail: tally.email || "anonymous",
      tenantId: null,
      action: tally.action,
      target: tally.target,
      before: null,
      after: { count: tally.count, window, addresses: [...tally.addresses] },
      requestId: tally.requestId,
    }));
    for (let index = 0; index < entries.length; index += ENTRIES_PER_STATEMENT) {
      const batch = entries.slice(index, index + ENTRIES_PER_STATEMENT);
      try {
        await recordAuditBatch(db().primary, batch);
      } catch (error) {
        logger.error("could not record failed sign-ins", { entries: batch.length, err: error });
      }
    }
  }
}

function tally(): SignInTally {
  return processSingleton("audit-sign-in-tally", () => new SignInTally());
}

async function signedInUserId(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    if (body && typeof body === "object" && "user" in body && body.user && typeof body.user === "object" && "id" in body.user && typeof body.user.id === "string") return body.user.id;
  } catch {
    // Not JSON: nothing to read the id from.
  }
  return undefined;
}

/** The key a refused attempt is counted under: the limit that refused it. */
function throttledTarget(request: Request, email: string, address: string): string {
  const limit = refusedLimitOf(request);
  if (limit === "address") return `address:${address}`;
  if (limit === "global") return "sign-in:global";
  return `email:${email}`;
}

/**
 * Audits sign-ins through the email form. A success is one entry, written before the answer goes
 * out. A wrong password (401) and an attempt the limiter refused (429) are counted per account
 * (or per refusing limit) and written as `auth.sign_in_failed` / `auth.sign_in_throttled` with
 * `after: { count, window }` once per period. Wraps the limiter, so it sees its refusals too.
 */
export const recordSignInAttempts: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const email = await emailOf(c.req.raw);
  await next();
  const address = clientAddress(c);
  if (c.res.status === 401) return tally().add("auth.sign_in_failed", `email:${email}`, email, address, c.get("requestId"));
  if (c.res.status === 429) return tally().add("auth.sign_in_throttled", throttledTarget(c.req.raw, email, address), email, address, c.get("requestId"));
  if (c.res.status !== 200) return;
  const userId = await signedInUserId(c.res);
  try {
    await recordAudit(db().primary, {
      actorUserId: userId ?? "anonymous",
      actorEmail: email || "anonymous",
      tenantId: null,
      action: "auth.sign_in",
      target: userId ? `user:${userId}` : `email:${email}`,
      before: null,
      after: { address, status: c.res.status },
      requestId: c.get("requestId"),
    });
  } catch (error) {
    logger.error("could not record a sign-in", { requestId: c.get("requestId"), err: error });
  }
};
