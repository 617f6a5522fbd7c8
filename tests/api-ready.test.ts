import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";

// This file stops its primary on purpose, so it runs a cluster of its own rather than the
// shared one from the global setup.
let cluster: EmbeddedCluster;
let app: OpenAPIHono<ApiEnv>;
let closeDatabase: () => Promise<void>;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-ready-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  Object.assign(process.env, {
    DATABASE_URL: cluster.primaryUrl,
    DATABASE_REPLICA_URLS: cluster.replicaUrl,
    BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
  });
  delete process.env.REDIS_URL;
  const { createApiApp } = await import("@/lib/http/app");
  const { db } = await import("@/lib/db/client");
  app = createApiApp();
  closeDatabase = () => db().close();
});

afterAll(async () => {
  await closeDatabase?.();
  await cluster?.stop();
});

async function ready() {
  const response = await app.request("/api/ready");
  return { status: response.status, body: (await response.json()) as { status: string; checks: { db: Record<string, unknown>; redis: unknown } } };
}

describe("GET /api/ready on the embedded primary + replica", () => {
  test("reports the primary up and the replica streaming", async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.db.primary).toMatchObject({ status: "up" });
    expect(body.checks.db.replicas).toEqual([
      expect.objectContaining({ role: "replica", name: "replica1", status: "up", replication: "streaming", replayPaused: false, inRotation: true }),
    ]);
    expect(body.checks.db.primary).toMatchObject({ role: "primary", pool: { max: 20 } });
    expect(body.checks.redis).toBeNull();
  });

  test("answers 503 while the primary is stopped, and 200 again once it is back", async () => {
    await cluster.stopPrimary();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("unavailable");
    expect(down.body.checks.db.primary).toMatchObject({ status: "down" });
    // The replica keeps answering reads while its primary is away.
    expect(down.body.checks.db.replicas).toEqual([expect.objectContaining({ status: "up" })]);

    await cluster.startPrimary();
    await expect.poll(async () => (await ready()).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });
});
