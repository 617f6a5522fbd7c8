import type { OpenAPIHono } from "@hono/zod-openapi";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { ApiEnv } from "@/lib/http/context";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { seedDatabase } from "@/prisma/seed/seed";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

const ORIGIN = "http://localhost:3000";
const POOL_MAX = 3;
const ACQUIRE_TIMEOUT_MS = 800;

let scratch: ScratchDatabase;
let app: OpenAPIHono<ApiEnv>;
let writePool: pg.Pool;
let closeDatabase: () => Promise<void>;

beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "pool");
  await seedDatabase(scratch.prisma);
  Object.assign(process.env, {
    DATABASE_URL: scratch.url,
    BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    APP_URL: ORIGIN,
    LOG_LEVEL: "silent",
    DB_WRITE_POOL_MIN: "0",
    DB_WRITE_POOL_MAX: String(POOL_MAX),
    DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS),
  });
  delete process.env.DATABASE_REPLICA_URLS;
  const { createApiApp } = await import("@/lib/http/app");
  const { db } = await import("@/lib/db/client");
  app = createApiApp();
  writePool = db().targets.primary.pool;
  closeDatabase = () => db().close();
});

afterAll(async () => {
  await closeDatabase?.();
  await scratch?.drop();
});

async function signIn(): Promise<string> {
  const response = await app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email: "admin@agency.test", password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

describe("an exhausted write pool", () => {
  test("answers 503 problem+json with Retry-After within the acquire timeout, then recovers", async () => {
    const cookie = await signIn();
    const held = await Promise.all(Array.from({ length: POOL_MAX }, () => writePool.connect()));

    const startedAt = performance.now();
    const response = await app.request("/api/v1/me", { headers: { cookie } });
    const elapsedMs = performance.now() - startedAt;

    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await response.json()).detail).toContain("database is busy");
    expect(elapsedMs).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS * 0.9);
    expect(elapsedMs).toBeLessThan(ACQUIRE_TIMEOUT_MS + 1_500);

    for (const client of held) client.release();
    expect((await app.request("/api/v1/me", { headers: { cookie } })).status).toBe(200);
  });
});
