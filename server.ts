import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { startControlLoop } from "@/lib/control-loop";
import { db } from "@/lib/db/client";
import { ConfigError, env } from "@/lib/env";
import { answerLivenessProbe, isLivenessProbe } from "@/lib/health/liveness";
import { createApiApp } from "@/lib/http/app";
import { logger } from "@/lib/logging/logger";

/**
 * One process, two front doors: /api/* goes to the Hono app (fast path for every poll and API
 * call), everything else to Next's handler (pages and assets). node:cluster forks this file when
 * the app scales locally.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dev = config.NODE_ENV !== "production";
  const pages = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT, turbopack: dev });
  await pages.prepare();
  const handlePage = pages.getRequestHandler();
  const handleApi = getRequestListener(createApiApp().fetch);

  const server = http.createServer((req, res) => {
    if (isLivenessProbe(req)) answerLivenessProbe(req, res);
    else if (req.url?.startsWith("/api/")) void handleApi(req, res);
    else void handlePage(req, res);
  });
  // Keep idle keep-alive sockets a little longer than a typical load balancer's 60 s.
  server.keepAliveTimeout = 65_000;
  const controlLoop = config.CONTROL_LOOP_ENABLED ? startControlLoop() : undefined;
  server.listen(config.PORT, config.HOST, () => {
    logger.info("listening", { url: config.APP_URL, host: config.HOST, port: config.PORT, mode: dev ? "development" : "production" });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    server.close();
    server.closeIdleConnections();
    // In-flight requests get a moment to finish; then pools close and the process exits.
    setTimeout(() => {
      void Promise.resolve(controlLoop?.stop())
        .then(() => db().close())
        .finally(() => process.exit(0));
    }, 500).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function loadConfig() {
  try {
    return env();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
