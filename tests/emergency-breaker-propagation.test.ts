import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FeatureBreakerState } from "@/lib/emergency/breaker-state";
import type { ApiEnv } from "@/lib/http/context";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { startOwnRedis, type OwnRedis } from "./support/redis-server";

// Instance A is the test process's app (Redis configured). Instance B is a second app in the same
// process with its own breaker state: over its own Redis connection, or with no Redis at all.

let ownRedis: OwnRedis;
let api: InProcessApp;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  ownRedis = await startOwnRedis();
  api = await startInProcessApp("emergency_propagation", { REDIS_URL: ownRedis.url, LOG_LEVEL: "silent" });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await api?.close();
  await ownRedis?.kill();
});

/** A second app instance: the same routes, consulting `state` instead of the process's breaker. */
async function secondInstance(state: FeatureBreakerState) {
  const { createApiApp } = await import("@/lib/http/app");
  const app = new Hono<ApiEnv>();
  app.use("*", async (c, next) => {
    c.set("featureBreaker", state);
    await next();
  });
  app.route("/", createApiApp());
  return app;
}

async function instanceB(options: { redis: boolean; pollIntervalMs: number }) {
  const { FeatureBreakerState, loadActiveBreakers } = await import("@/lib/emergency/breaker-state");
  const { createOverrideBus } = await import("@/lib/emergency/override-bus");
  const connection = options.redis ? new Redis(ownRedis.url) : null;
  const bus = createOverrideBus(connection);
  const state = new FeatureBreakerState({ load: loadActiveBreakers, bus, pollIntervalMs: options.pollIntervalMs }).start();
  await state.refresh();
  cleanups.push(async () => {
    state.stop();
    await bus.close();
    connection?.disconnect();
  });
  return { state, app: await secondInstance(state) };
}

/** Starts a breaker run on instance A; returns a wait for its end (the run records its result after the 202). */
async function runBreaker(action: "activate" | "deactivate"): Promise<{ settled(): Promise<void> }> {
  const response = await api.app.request("/api/v1/ops/emergency/circuit-breaker/runs", {
    method: "POST",
    headers: { cookie: await api.cookieFor("sre@agency.test"), origin: TEST_ORIGIN, "content-type": "application/json" },
    body: JSON.stringify({ input: { action, scope: "global" }, confirmation: "Limit to core features", idempotencyKey: randomUUID() }),
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const { whenRunSettles } = await import("@/lib/emergency/run-executor");
  return { settled: () => whenRunSettles(id) };
}

/** Milliseconds until instance B answers `status` for a non-core route, polling every 10 ms. */
async function millisecondsUntilStatus(app: Hono<ApiEnv>, status: number, timeoutMs: number): Promise<number> {
  const cookie = await api.cookieFor("member@agency.test");
  const startedAt = performance.now();
  while (performance.now() - startedAt < timeoutMs) {
    const response = await app.request("/api/v1/workflow-executions", { headers: { cookie, origin: TEST_ORIGIN } });
    if (response.status === status) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Infinity;
}

describe("circuit breaker propagation to another instance", () => {
  test("through Redis pub/sub, activation and deactivation reach it within 2 s", async () => {
    // Polling once a minute: only the Redis message can explain a pick-up within 2 s.
    const b = await instanceB({ redis: true, pollIntervalMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200)); // B's SUBSCRIBE is acknowledged
    expect(await millisecondsUntilStatus(b.app, 200, 1_000)).toBeLessThan(1_000);

    const on = await runBreaker("activate");
    const onMs = await millisecondsUntilStatus(b.app, 503, 2_000);
    await on.settled();
    const off = await runBreaker("deactivate");
    const offMs = await millisecondsUntilStatus(b.app, 200, 2_000);
    await off.settled();

    console.info(`breaker via Redis: on after ${onMs.toFixed(0)} ms, off after ${offMs.toFixed(0)} ms`);
    expect(onMs).toBeLessThan(2_000);
    expect(offMs).toBeLessThan(2_000);
  });

  test("without Redis, polling brings activation and deactivation within 5 s", async () => {
    const { env } = await import("@/lib/env");
    const b = await instanceB({ redis: false, pollIntervalMs: env().CIRCUIT_BREAKER_POLL_MS });

    const on = await runBreaker("activate");
    const onMs = await millisecondsUntilStatus(b.app, 503, 5_000);
    await on.settled();
    const off = await runBreaker("deactivate");
    const offMs = await millisecondsUntilStatus(b.app, 200, 5_000);
    await off.settled();

    console.info(`breaker by polling every ${env().CIRCUIT_BREAKER_POLL_MS} ms: on after ${onMs.toFixed(0)} ms, off after ${offMs.toFixed(0)} ms`);
    expect(onMs).toBeLessThan(5_000);
    expect(offMs).toBeLessThan(5_000);
  });
});
