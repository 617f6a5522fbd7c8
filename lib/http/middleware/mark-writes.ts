import type { Context, MiddlewareHandler, Next } from "hono";
import { setCookie } from "hono/cookie";
import { LAST_WRITE_COOKIE } from "@/lib/db/read-your-writes";
import { env } from "@/lib/env";
import type { ApiEnv } from "@/lib/http/context";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** After a successful change, the session reads from the primary for a few seconds. */
export const markRecentWrites: MiddlewareHandler<ApiEnv> = (c, next) => {
  // Reads pass straight through: no async layer waiting on them (every read runs this).
  return WRITE_METHODS.has(c.req.method) ? markAfterWrite(c, next) : next();
};

async function markAfterWrite(c: Context<ApiEnv>, next: Next): Promise<void> {
  await next();
  if (!c.res.ok) return;
  const windowSeconds = env().DB_READ_YOUR_WRITES_SECONDS;
  if (windowSeconds <= 0) return;
  setCookie(c, LAST_WRITE_COOKIE, String(Date.now()), {
    httpOnly: true,
    sameSite: "Lax",
    secure: env().secureCookies,
    path: "/",
    maxAge: Math.ceil(windowSeconds),
  });
}
