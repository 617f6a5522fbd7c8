import type { MiddlewareHandler } from "hono";
import { requestOrigin } from "@/lib/auth/auth";
import type { ApiEnv } from "@/lib/http/context";
import { ForbiddenError } from "@/lib/http/errors";
import { env } from "@/lib/env";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated mutations must come from our own pages: the browser's Origin header has
 * to name this site. Session cookies are SameSite=Lax as a second line of defence.
 */
// Not async: a GET passes straight to next() without a promise of its own (every request runs this).
export const requireSameOrigin: MiddlewareHandler<ApiEnv> = (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || !c.req.header("cookie")) return next();
  const origin = c.req.header("origin");
  if (!origin) throw new ForbiddenError("cross-site request refused: a cookie-authenticated change needs an Origin header");
  if (origin !== env().APP_URL && origin !== requestOrigin(c.req.raw)) {
    throw new ForbiddenError(`cross-site request refused: origin ${origin} is not this site`);
  }
  return next();
};
