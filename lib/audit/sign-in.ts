import type { MiddlewareHandler } from "hono";
import { clientAddress, emailOf } from "@/lib/auth/sign-in-limit";
import { db } from "@/lib/db/client";
import type { ApiEnv } from "@/lib/http/context";
import { logger } from "@/lib/logging/logger";
import { recordAudit } from "./repo";

const OUTCOMES: Record<number, string> = { 200: "auth.sign_in", 401: "auth.sign_in_failed", 429: "auth.sign_in_throttled" };

async function signedInUserId(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    if (body && typeof body === "object" && "user" in body && body.user && typeof body.user === "object" && "id" in body.user && typeof body.user.id === "string") return body.user.id;
  } catch {
    // Not JSON: nothing to read the id from.
  }
  return undefined;
}

/**
 * Records every sign-in through the email form: a success, a wrong password (401) and an attempt
 * the limiter refused (429), with the client address. Wraps the limiter, so it sees its refusals
 * too. A failure to record is logged and the sign-in answer goes out unchanged.
 */
export const recordSignInAttempts: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const email = (await emailOf(c.req.raw)).slice(0, 254);
  await next();
  const action = OUTCOMES[c.res.status];
  if (!action) return;
  const userId = c.res.status === 200 ? await signedInUserId(c.res) : undefined;
  try {
    await recordAudit(db().primary, {
      actorUserId: userId ?? "anonymous",
      actorEmail: email || "anonymous",
      tenantId: null,
      action,
      target: userId ? `user:${userId}` : `email:${email}`,
      before: null,
      after: { address: clientAddress(c), status: c.res.status },
      requestId: c.get("requestId"),
    });
  } catch (error) {
    logger.error("could not record a sign-in attempt", { requestId: c.get("requestId"), err: error });
  }
};
