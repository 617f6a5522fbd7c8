import type { MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { AttemptLimiter } from "@/lib/auth/attempt-limiter";
import { env } from "@/lib/env";
import type { ApiEnv } from "@/lib/http/context";
import { TooManyRequestsError } from "@/lib/http/errors";
import { processSingleton } from "@/lib/process-singleton";

function limiter(): AttemptLimiter {
  return processSingleton("sign-in-limiter", () => {
    const config = env();
    return new AttemptLimiter(config.SIGN_IN_MAX_ATTEMPTS, config.SIGN_IN_WINDOW_SECONDS * 1000);
  });
}

export async function emailOf(request: Request): Promise<string> {
  try {
    const body: unknown = await request.clone().json();
    if (body && typeof body === "object" && "email" in body && typeof body.email === "string") return body.email.trim().toLowerCase();
  } catch {
    // Not JSON: better-auth answers the bad request itself.
  }
  return "";
}

export function clientAddress(c: Parameters<MiddlewareHandler<ApiEnv>>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // requests built in tests have no socket
  }
}

/**
 * Failed sign-ins per email and client address are limited (default 5 a minute); the sixth
 * attempt gets 429 with Retry-After, and a successful sign-in clears the count.
 */
export const limitSignInAttempts: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const key = `${clientAddress(c)}|${await emailOf(c.req.raw)}`;
  const waitSeconds = limiter().retryAfterSeconds(key);
  if (waitSeconds > 0) {
    throw new TooManyRequestsError(`too many failed sign-in attempts; try again in ${waitSeconds} s`, waitSeconds);
  }
  await next();
  if (c.res.status === 401) limiter().recordFailure(key);
  else if (c.res.ok) limiter().reset(key);
};
