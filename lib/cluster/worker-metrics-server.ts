import http from "node:http";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { metrics } from "@/lib/metrics/registry";
import { acceptsMetricsScrape } from "@/lib/metrics/scrape-auth";

/**
 * A worker process run on its own (`npm run worker`, a worker Deployment) has no app server, so
 * with WORKER_METRICS_PORT set it answers Prometheus's scrape itself: GET /metrics (the same
 * bearer token as the app's) and GET /health. Supervised workers report through the supervisor.
 */
export function startWorkerMetricsServer(): { close(): Promise<void> } | null {
  const config = env();
  if (config.WORKER_METRICS_PORT === undefined) return null;
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (!acceptsMetricsScrape(req.headers.authorization)) {
      res.writeHead(401).end();
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body),
      (error: unknown) => {
        logger.error("worker metrics could not be collected", { err: error });
        res.writeHead(500).end();
      },
    );
  });
  server.listen(config.WORKER_METRICS_PORT, config.HOST, () => logger.info("worker metrics listening", { port: config.WORKER_METRICS_PORT }));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
