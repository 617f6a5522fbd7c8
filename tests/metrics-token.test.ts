import { afterAll, beforeAll, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";

const TOKEN = "scrape-token-0123456789abcdef";
let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("metrics_token", { METRICS_TOKEN: TOKEN });
});

afterAll(async () => api?.close());

test("with METRICS_TOKEN set, /api/metrics answers only a scrape that carries it", async () => {
  const scrape = (authorization?: string) => api.app.request("/api/metrics", { headers: authorization ? { authorization } : {} });

  expect((await scrape()).status).toBe(401);
  expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
  const accepted = await scrape(`Bearer ${TOKEN}`);
  expect(accepted.status).toBe(200);
  expect(await accepted.text()).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
});
