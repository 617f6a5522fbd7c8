import cluster from "node:cluster";
import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { checkDemoPasswords } from "@/lib/auth/demo-passwords";
import { answerSupervisor } from "@/lib/cluster/instance";
import { Supervisor } from "@/lib/cluster/supervisor";
import { WorkerFleet } from "@/lib/cluster/worker-fleet";
import { runWorkflowWorkerProcess } from "@/lib/cluster/worker-role";
import { workerScalingConfigFrom } from "@/lib/capacity/worker-scaler";
import { startBackgroundWork } from "@/lib/background";
import { startControlLoop } from "@/lib/control-loop";
import { db } from "@/lib/db/client";
import { ConfigError, env, type Env } from "@/lib/env";
import { answerLivenessProbe, isLivenessProbe } from "@/lib/health/liveness";
import { createApiApp } from "@/lib/http/app";
import { withoutUndecodableSessionData } from "@/lib/http/middleware/cookie-guard";
import { createNonce, pageSecurityHeaders, type SecurityHeaderOptions } from "@/lib/http/middleware/security-headers";
import { logger } from "@/lib/logging/logger";

/**
 * In production this process is the `local` orchestrator: it forks the app instances (this same
 * file, as node:cluster workers sharing the port) and scales them. Each instance has two front
 * doors: /api/* goes to the Hono app (the fast path for every poll and API call), everything
 * else to Next's handler (pages and assets).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dev = config.NODE_ENV !== "production";
  if (config.AGENCY_PROCESS_ROLE === "workflow-worker") return runWorkflowWorkerProcess();
  // Once, before anything serves: the instances a supervisor forks run this file again.
  if (cluster.isPrimary) await refuseDemoPasswords(config);
  if (config.APP_CLUSTER && !dev && cluster.isPrimary) return superviseInstances(config);
  return serveInstance(config, dev);
}

function superviseInstances(config: Env): void {
  // Workflow workers as processes of their own, scaled by the control loop's worker scaler; the
  // app instances then leave the workflow work to them. Behind Kubernetes, workers scale as pods
  // (a worker Deployment running `npm run worker`), so each app pod keeps its in-process worker.
  const workerBounds = workerScalingConfigFrom(config);
  const workers =
    config.ORCHESTRATOR === "local" && config.WORKFLOW_WORKER_PROCESSES_MIN > 0
      ? new WorkerFleet({
          // The same bounds the worker scaler decides within.
          initial: workerBounds.min,
          min: workerBounds.min,
          max: workerBounds.max,
          memoryLimitBytes: config.WORKFLOW_WORKER_MEMORY_LIMIT_MB * 2 ** 20,
          entry: process.argv[1] ?? "dist/server.js",
          env: process.env,
        })
      : null;
  const supervisor = new Supervisor(
    { initial: config.APP_INSTANCES, min: config.APP_MIN_INSTANCES, max: config.APP_MAX_INSTANCES },
    workers,
    workers ? { WORKFLOW_WORKER_IN_PROCESS: "false" } : {},
  );
  supervisor.start();
  logger.info("supervising app instances", {
    instances: supervisor.status().desired,
    min: config.APP_MIN_INSTANCES,
    max: config.APP_MAX_INSTANCES,
    workflowWorkerProcesses: workers ? config.WORKFLOW_WORKER_PROCESSES_MIN : 0,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping app instances", { signal });
    void supervisor.stop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

async function serveInstance(config: Env, dev: boolean): Promise<void> {
  answerSupervisor();
  const pages = next({ dev, dir: process.cwd(), hostname: config.HOST, port: config.PORT, turbopack: dev });
  await pages.prepare();
  const handlePage = pages.getRequestHandler();
  const handleApi = getRequestListener(createApiApp().fetch);
  const pageHeaders: SecurityHeaderOptions = { https: config.APP_URL.startsWith("https://"), dev };

  const server = http.createServer((req, res) => {
    if (isLivenessProbe(req)) answerLivenessProbe(req, res);
    else if (req.url?.startsWith("/api/")) void handleApi(req, res);
    else {
      preparePageRequest(req, res, pageHeaders);
      void handlePage(req, res);
    }
  });
  // Keep idle keep-alive sockets a little longer than a typical load balancer's 60 s.
  server.keepAliveTimeout = 65_000;
  const controlLoop = config.CONTROL_LOOP_ENABLED ? startControlLoop() : undefined;
  const background = config.CONTROL_LOOP_ENABLED ? await startBackgroundWork() : undefined;
  server.listen(config.PORT, config.HOST, () => {
    logger.info("listening", { url: config.APP_URL, host: config.HOST, port: config.PORT, mode: dev ? "development" : "production" });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("draining", { signal });
    // No new connections; idle keep-alive sockets close now, busy ones after their response.
    server.close(() => {
      void Promise.all([controlLoop?.stop(), background?.stop()])
        .then(() => db().close())
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    // In-flight requests get a bounded time to finish.
    setTimeout(() => process.exit(0), 25_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/**
 * Security headers on every page and asset, with a fresh CSP nonce per request. Next reads the
 * nonce from the request's Content-Security-Policy header (what a proxy.ts would set) and puts it
 * on its inline and chunk scripts. Only pages rendered per request can carry it: every page is,
 * except Next's prerendered 404, whose scripts the policy blocks (its link works without them).
 */
function preparePageRequest(req: http.IncomingMessage, res: http.ServerResponse, options: SecurityHeaderOptions): void {
  const nonce = createNonce();
  const headers = pageSecurityHeaders(nonce, options);
  // Overwritten, never trusted: a client's own CSP header would otherwise choose the nonce.
  req.headers["content-security-policy"] = headers["content-security-policy"];
  delete req.headers["content-security-policy-report-only"];
  req.headers["x-nonce"] = nonce;
  // The session lookup behind every page goes through better-auth, which fails on these (cookie-guard.ts).
  const cookie = withoutUndecodableSessionData(req.headers.cookie);
  if (cookie === "") delete req.headers.cookie;
  else if (cookie !== null) req.headers.cookie = cookie;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** Production refuses to start while an account has the public demo password (README "Production checks"). */
async function refuseDemoPasswords(config: Env): Promise<void> {
  const refusal = await checkDemoPasswords(config);
  if (refusal !== null) {
    process.stderr.write(`${refusal}\n`);
    process.exit(1);
  }
  if (config.NODE_ENV === "production" && config.DEMO_MODE) logger.warn("DEMO_MODE: accounts with the public demo password may sign in");
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
