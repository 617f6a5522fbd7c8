import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { ApiEnv } from "@/lib/http/context";
import { logger } from "@/lib/logging/logger";
import { metrics } from "@/lib/metrics/registry";

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** Probes and scrapes arrive every few seconds; logging them at info would drown the rest. */
const QUIET_ROUTES = new Set(["/api/health", "/api/ready", "/api/metrics"]);

function pickRequestId(incoming: string | undefined): string {
  return incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/**
 * Request id, one structured log line and the latency histogram for every API request. The
 * route label is the matched template (`/api/v1/templates/:id`), never the raw URL, so the
 * metric's cardinality stays bounded.
 */
export const observeRequests: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const startedAt = performance.now();
  const requestId = pickRequestId(c.req.header("x-request-id"));
  c.set("requestId", requestId);
  await next();
  c.header("x-request-id", requestId);
  const route = c.get("routeTemplate") ?? routePath(c, -1);
  const status = c.res.status;
  const seconds = (performance.now() - startedAt) / 1000;
  metrics.httpRequestDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
  const fields = { requestId, method: c.req.method, route, path: c.req.path, status, durationMs: Math.round(seconds * 1e4) / 10 };
  if (status >= 500) logger.error("request failed", fields);
  else if (QUIET_ROUTES.has(route)) logger.debug("request", fields);
  else logger.info("request", fields);
};
