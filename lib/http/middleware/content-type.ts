import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "@/lib/http/context";
import { UnsupportedMediaTypeError } from "@/lib/http/errors";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  return (length !== null && length !== "0") || headers.has("transfer-encoding");
}

/** The versioned API speaks JSON only; anything else is refused before it is parsed. */
// Not async: a GET passes straight to next() without a promise of its own (every request runs this).
export const requireJsonBody: MiddlewareHandler<ApiEnv> = (c, next) => {
  if (BODY_METHODS.has(c.req.method) && hasBody(c.req.raw.headers)) {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
      throw new UnsupportedMediaTypeError(`request body must be application/json, not ${type || "untyped"}`);
    }
  }
  return next();
};
