import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";

const POOL_MAX = 3;
const ACQUIRE_TIMEOUT_MS = 800;

let api: InProcessApp;
let writePool: pg.Pool;

beforeAll(async () => {
  api = await startInProcessApp("pool", { DB_WRITE_POOL_MIN: "0", DB_WRITE_POOL_MAX: String(POOL_MAX), DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS) });
  const { db } = await import("@/lib/db/client");
  writePool = db().targets.primary.pool;
});

afterAll(async () => api?.close());

describe("an exhausted write pool", () => {
  test("answers 503 problem+json with Retry-After within the acquire timeout, then recovers", async () => {
    const cookie = await api.cookieFor("admin@agency.test");
    const held = await Promise.all(Array.from({ length: POOL_MAX }, () => writePool.connect()));

    const startedAt = performance.now();
    const response = await api.app.request("/api/v1/me", { headers: { cookie } });
    const elapsedMs = performance.now() - startedAt;

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await response.json()).detail).toContain("database is busy");
    expect(elapsedMs).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS * 0.9);
    expect(elapsedMs).toBeLessThan(ACQUIRE_TIMEOUT_MS + 1_500);

    for (const client of held) client.release();
    expect((await api.app.request("/api/v1/me", { headers: { cookie } })).status).toBe(200);
  });
});
