import { setTimeout as sleep } from "node:timers/promises";
import type { InProcessApp } from "./in-process-app";
import { TEST_ORIGIN } from "./in-process-app";

/** Engine settings small enough for tests to watch retries, timeouts, checkpoints and leases. */
export const FAST_WORKFLOW_ENV = {
  WORKFLOW_RETRY_DELAY_MS: "50",
  WORKFLOW_STEP_TIMEOUT_MS: "1500",
  WORKFLOW_CHECKPOINT_INTERVAL_MS: "200",
  WORKFLOW_LEASE_MS: "1500",
  WORKFLOW_MAINTENANCE_INTERVAL_MS: "250",
  WORKFLOW_POLL_INTERVAL_MS: "25",
  WORKFLOW_WORKER_IN_PROCESS: "false",
  // Engine tests start runs in bursts; the start rate limit has tests of its own.
  WORKFLOW_USER_START_RATE: "100000",
  WORKFLOW_USER_START_BURST: "100000",
  // Engine tests call their own servers on 127.0.0.1 at random ports (egress tests set a strict policy).
  WORKFLOW_EGRESS_ALLOW_PRIVATE: "true",
  WORKFLOW_EGRESS_ALLOWED_PORTS: "1-65535",
};

/** A problem+json document (what every refusal answers with). */
export type ProblemBody = { detail: string; code: string; errors?: { path: string; message: string }[] };

export type ApiCall = <T = ProblemBody>(method: string, path: string, options?: { as?: string; body?: unknown }) => Promise<{ status: number; body: T; headers: Headers }>;

/** Calls the in-process API as a seeded demo user (admin by default). */
export function apiCaller(test: InProcessApp): ApiCall {
  return async <T>(method: string, path: string, options: { as?: string; body?: unknown } = {}) => {
    const cookie = await test.cookieFor(options.as ?? "admin@agency.test");
    const response = await test.app.request(`/api${path}`, {
      method,
      headers: { cookie, origin: TEST_ORIGIN, ...(options.body !== undefined ? { "content-type": "application/json" } : {}) },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
