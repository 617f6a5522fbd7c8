import type { MiddlewareHandler } from "hono";
import { clientAddress } from "@/lib/auth/client-address";
import { signInLimiter, type LimitKind } from "@/lib/auth/sign-in-limiter";
import type { ApiEnv } from "@/lib/http/context";
import { TooManyRequestsError } from "@/lib/http/errors";

/** On a successful sign-in: how many attempts on the account failed or were refused since the last one. */
export const FAILED_SIGN_INS_HEADER = "X-Failed-Sign-Ins";

export async function emailOf(request: Request): Promise<string> {
  try {
    const body: unknown = await request.clone().json();
    if (body && typeof body === "object" && "email" in body && typeof body.email === "string") return body.email.trim().toLowerCase().slice(0, 254);
  } catch {
    // Not JSON: better-auth answers the bad request itself.
  }
  return "";
}

const refusals = new WeakMap<Request, LimitKind>();

/** Which limit refused this sign-in request, if one did (for its audit entry). */
export function refusedLimitOf(request: Request): LimitKind | undefined {
  return refusals.get(request);
}

const REFUSAL_DETAIL: Record<LimitKind, string> = {
  account: "too many failed sign-in attempts for this account",
  address: "too many failed sign-in attempts from this address",
  global: "too many failed sign-in attempts on this platform",
};

/**
 * Sign-ins are limited per account (SIGN_IN_MAX_ATTEMPTS), per client address and for the whole
 * platform, in a store every app process shares. The attempt is counted before better-auth checks
 * the password, so concurrent guesses cannot all pass; a success gives the count back and tells
 * the owner, in a header, how many attempts failed since their last sign-in.
 */
export const limitSignInAttempts: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const attempt = await signInLimiter().reserve(await emailOf(c.req.raw), clientAddress(c));
  if (!attempt.allowed) {
    refusals.set(c.req.raw, attempt.refusedBy);
    throw new TooManyRequestsError(`${REFUSAL_DETAIL[attempt.refusedBy]}; try again in ${attempt.retryAfterSeconds} s`, attempt.retryAfterSeconds);
  }
  await next();
  if (!c.res.ok) return;
  const failures = await signInLimiter().succeed(attempt);
  if (failures > 0) c.res.headers.set(FAILED_SIGN_INS_HEADER, String(failures));
};
