import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { findFreePort } from "@/scripts/embedded-cluster";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

// `npm run worker` on its own (a worker Deployment, say) has no app server in front of it: with
// WORKER_METRICS_PORT it answers Prometheus's scrape itself.
let scratch: ScratchDatabase;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "worker_metrics");
});

afterAll(async () => {
  worker?.kill("SIGKILL");
  await scratch?.drop();
});

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string } | null> {
  try {
    const response = await fetch(url, { headers });
    return { status: response.status, body: await response.text() };
  } catch {
    return null; // not listening yet
  }
}

test("a stand-alone worker serves /metrics (with the bearer token) and /health, and stops cleanly on SIGTERM", async () => {
  const port = await findFreePort();
  const token = "worker-metrics-token-0123456789";
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: scratch.url, DATABASE_REPLICA_URLS: "", WORKER_METRICS_PORT: String(port), METRICS_TOKEN: token, BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef", LOG_LEVEL: "silent" },
    stdio: "inherit",
  });
  const base = `http://127.0.0.1:${port}`;

  await expect.poll(async () => (await get(`${base}/health`))?.status, { timeout: 30_000 }).toBe(200);
  expect((await get(`${base}/metrics`))?.status).toBe(401);
  const scrape = await get(`${base}/metrics`, { authorization: `Bearer ${token}` });
  expect(scrape?.status).toBe(200);
  expect(scrape?.body).toMatch(/^# TYPE workflow_executions_total counter$/m);
  expect(scrape?.body).toMatch(/^# TYPE agency_workflow_step_duration_seconds histogram$/m);
  expect((await get(`${base}/other`))?.status).toBe(404);

  worker.kill("SIGTERM");
  const [code] = (await once(worker, "exit")) as [number | null];
  expect(code).toBe(0);
  expect(await get(`${base}/health`)).toBeNull();
}, 60_000);
