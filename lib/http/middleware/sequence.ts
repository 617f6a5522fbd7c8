import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "@/lib/http/context";

/**
 * Several middlewares as one Hono layer. Each layer Hono composes costs an async dispatch (a
 * promise, and the async-context bookkeeping that comes with it) even when the middleware
 * itself only checks a header and calls next(); chained here, a pass-through costs a call.
 * Order, early answers and thrown errors behave as with separate `app.use` calls.
 */
export function inSequence(...handlers: MiddlewareHandler<ApiEnv>[]): MiddlewareHandler<ApiEnv> {
  return handlers.reduceRight<MiddlewareHandler<ApiEnv>>(
    (after, handler) => (c, next) => handler(c, () => after(c, next) as Promise<void>),
    (_c, next) => next(),
  );
}

/** A middleware for paths under `prefix` only (`/api/v1` and `/api/v1/…`), as `app.use("/v1/*")` would. */
export function under(prefix: string, handler: MiddlewareHandler<ApiEnv>): MiddlewareHandler<ApiEnv> {
  const withSlash = `${prefix}/`;
  return (c, next) => {
    const path = c.req.path;
    return path === prefix || path.startsWith(withSlash) ? handler(c, next) : next();
  };
}
