import type { BetterAuthRateLimitOptions } from "better-auth";
import { auth } from "@/lib/auth/auth";
import { signInLimiter } from "@/lib/auth/sign-in-limiter";
import { env } from "@/lib/env";
import { TooManyRequestsError } from "@/lib/http/errors";

type Rule = { window: number; max: number };

/**
 * A password checked for a signed-in account (change-password, delete-user) shares the account's
 * budget with step-up (lib/auth/step-up.ts): SIGN_IN_MAX_ATTEMPTS a window, whatever address the
 * guesses come from. Over it, the rule's max becomes 0 and better-auth answers 429.
 */
async function perAccountRule(request: Request): Promise<Rule> {
  const perKey = { window: env().SIGN_IN_WINDOW_SECONDS, max: env().SIGN_IN_MAX_GLOBAL };
  const found = await auth().api.getSession({ headers: request.headers });
  if (!found) return perKey; // better-auth answers 401 itself
  const { allowed } = await signInLimiter().take("password", found.user.id);
  return allowed ? perKey : { window: perKey.window, max: 0 };
}

/**
 * better-auth's own rate limit, on for every auth endpoint and counted in the same shared store
 * as sign-ins (PostgreSQL or Redis), so every app process sees one count. It is keyed by the
 * address the API resolved (CLIENT_ADDRESS_HEADER in lib/auth/client-address.ts) and generous
 * (SIGN_IN_MAX_GLOBAL per endpoint and address); the limits that matter are per account. The
 * email sign-in is limited by our own middleware, which answers problem+json
 * (lib/auth/sign-in-limit.ts); the session read is on every page.
 */
export function authRateLimit(): BetterAuthRateLimitOptions {
  const config = env();
  return {
    enabled: true,
    window: config.SIGN_IN_WINDOW_SECONDS,
    max: config.SIGN_IN_MAX_GLOBAL,
    customRules: {
      "/sign-in/email": false,
      "/get-session": false,
      "/change-password": perAccountRule,
      "/delete-user": perAccountRule,
    },
    customStorage: {
      consume: async (key, rule) => {
        const { allowed, retryAfterSeconds } = await signInLimiter().take("auth-endpoint", key, rule.max, rule.window);
        return { allowed, retryAfter: allowed ? null : retryAfterSeconds };
      },
    },
  };
}

/**
 * better-auth answers its own limit with plain JSON and `X-Retry-After`; the API answers every
 * 429 as problem+json with `Retry-After`. Thrown as the API's error, it becomes one. For the
 * handler of /api/auth/*: other answers pass through.
 */
export function throwOnRateLimit(response: Response, path: string): Response {
  if (response.status !== 429) return response;
  const given = Number(response.headers.get("x-retry-after"));
  const retryAfterSeconds = Number.isFinite(given) && given > 0 ? given : env().SIGN_IN_WINDOW_SECONDS;
  throw new TooManyRequestsError(`too many requests to ${path}; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}
