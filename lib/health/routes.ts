import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { UnauthorizedError } from "@/lib/http/errors";
import { describeCacheHealth } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { getViewer } from "@/lib/auth/session";
import { describeDatabaseStatus } from "@/lib/health/database-status";
import { databaseStatusSchema } from "@/lib/health/database-status-schema";
import { checkReadiness, type Readiness } from "@/lib/health/readiness";
import { defineRoute } from "@/lib/http/define-route";
import { logger } from "@/lib/logging/logger";
import { appWideRegistry } from "@/lib/cluster/instance";
import { metrics } from "@/lib/metrics/registry";
import { acceptsMetricsScrape } from "@/lib/metrics/scrape-auth";
import { redis } from "@/lib/redis/client";

/** A scrape with the metrics token (or any caller while none is set), or a signed-in platform role. */
async function mayReadReadinessDetails(authorization: string | undefined, headers: Headers): Promise<boolean> {
  if (acceptsMetricsScrape(authorization)) return true;
  if (!headers.get("cookie")) return false;
  const viewer = await getViewer(headers).catch(() => null);
  return Boolean(viewer?.platformRole);
}

const databaseStatusRoute = defineRoute({
  method: "get",
  path: "/v1/database-status",
  summary: "Whether this instance reaches the database primary (for the read-only banner)",
  tags: ["health"],
  access: { scope: "account" },
  tier: "core",
  response: { status: 200, schema: databaseStatusSchema, description: "This instance's view of the primary" },
  handler: async () => describeDatabaseStatus(db()),
});

/** Readiness, the shell's database status and the Prometheus scrape endpoint (liveness is answered by server.ts itself). */
export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>): void {
  databaseStatusRoute(app);
  app.get("/ready", async (c) => {
    c.header("cache-control", "no-store");
    let readiness: Readiness;
    try {
      readiness = await checkReadiness(db(), redis(), describeCacheHealth());
    } catch (error) {
      // A probe must never take an instance out with a 500: whatever broke, this one is not ready.
      logger.error("the readiness check failed", { err: error });
      return c.json({ status: "unavailable" }, 503);
    }
    const status = readiness.status === "unavailable" ? 503 : 200;
    // Server names, replication state and latencies help an attacker as much as an operator:
    // the details go to a scrape with the metrics token or a signed-in platform role only.
    if (await mayReadReadinessDetails(c.req.header("authorization"), c.req.raw.headers)) return c.json(readiness, status);
    return c.json({ status: readiness.status }, status);
  });

  app.get("/metrics", async (c) => {
    if (!acceptsMetricsScrape(c.req.header("authorization"))) {
      throw new UnauthorizedError("the metrics endpoint needs its bearer token");
    }
    // Under the local supervisor, one scrape answers for every instance (summed counters).
    const registry = await appWideRegistry();
    return c.body(await registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });
}
