import http from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { DrillDatabase } from "./cluster";
import type { Fetcher } from "./http";

export type DrillApp = { fetcher: Fetcher; origin: string; close(): Promise<void> };

/**
 * The API app (the Hono app server.ts serves under /api) on the drill's database, with the
 * background work an instance runs (WAL history, job queue, workflow worker). `listen`: behind a
 * real HTTP socket on a free port; otherwise requests go straight to the app in this process.
 * The app reads its settings once per process: one drill app per process.
 */
export async function startDrillApp(database: DrillDatabase, options: { listen: boolean; env?: Record<string, string> }): Promise<DrillApp> {
  const server = options.listen ? http.createServer() : null;
  if (server) await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const origin = server ? `http://127.0.0.1:${(server.address() as AddressInfo).port}` : "http://localhost:3000";
  delete process.env.REDIS_URL;
  Object.assign(process.env, {
    ...database.appEnv,
    APP_URL: origin,
    BETTER_AUTH_SECRET: "failover-drill-secret-0123456789abcdef0123",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    ...options.env,
  });
  const { createApiApp } = await import("../../lib/http/app");
  const { startBackgroundWork } = await import("../../lib/background");
  const { db } = await import("../../lib/db/client");
  const app = createApiApp();
  const background = await startBackgroundWork();
  let fetcher: Fetcher;
  if (server) {
    server.on("request", getRequestListener(app.fetch));
    fetcher = (path, init) => fetch(`${origin}${path}`, init);
  } else {
    fetcher = async (path, init) => app.request(path, init);
  }
  return {
    fetcher,
    origin,
    async close() {
      await background.stop().catch(() => {});
      if (server) await new Promise<void>((closed) => server.close(() => closed()));
      await db().close().catch(() => {});
    },
  };
}
