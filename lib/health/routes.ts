import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "@/lib/http/context";
import { UnauthorizedError } from "@/lib/http/errors";
import { describeCacheHealth } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";
import { appWideRegistry } from "@/lib/cluster/instance";
import { metrics } from "@/lib/metrics/registry";
import { acceptsMetricsScrape } from "@/lib/metrics/scrape-auth";
import { redis } from "@/lib/redis/client";

/** Readiness and the Prometheus scrape endpoint (liveness is answered by server.ts itself). */
export function registerHealthRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get("/ready", async (c) => {
    const readiness = await checkReadiness(db(), redis(), describeCacheHealth());
    c.header("cache-control", "no-store");
    return c.json(readiness, readiness.status === "unavailable" ? 503 : 200);
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
