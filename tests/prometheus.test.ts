import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { findFreePort } from "@/scripts/embedded-cluster";
import { startOwnPrometheus, queryScalar, type OwnPrometheus } from "./support/prometheus-server";

let server: ServerType;
let appUrl: string;
let prometheus: OwnPrometheus;
let closeDatabase: () => Promise<void>;

beforeAll(async () => {
  Object.assign(process.env, { DATABASE_URL: inject("databaseUrl"), BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef", LOG_LEVEL: "silent" });
  const { createApiApp } = await import("@/lib/http/app");
  const { db } = await import("@/lib/db/client");
  closeDatabase = () => db().close();
  const port = await findFreePort();
  server = serve({ fetch: createApiApp().fetch, port, hostname: "127.0.0.1" });
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo | null)?.port ?? port}`;
  prometheus = await startOwnPrometheus(appUrl.replace("http://", ""));
});

afterAll(async () => {
  await prometheus?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await closeDatabase?.();
});

/**
 * Lint findings we accept on purpose. `active_users_total{timeframe}` is a gauge (a count of
 * distinct users, which falls as well as rises) under the name the guide and the issue give it,
 * so queries and dashboards written against that name work; promtool's naming lint reserves
 * `_total` for counters and says so. Every other finding fails the test.
 */
const NAMED_BY_THE_ISSUE = ['active_users_total non-counter metrics should not have "_total" suffix'];

describe("a real Prometheus scraping /api/metrics", () => {
  test("reads back the number of requests the test sent, by route template", async () => {
    await expect.poll(() => queryScalar(prometheus.url, 'count_over_time(up{job="agency-toolkit"}[1m])'), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 37; i++) await fetch(`${appUrl}/api/v1/templates/${i}/not-a-route`);

    await expect
      .poll(() => queryScalar(prometheus.url, 'sum(http_request_duration_seconds_count{route="unmatched",status="404"})'), { timeout: 15_000 })
      .toBe(37);
  });

  test("the history source answers range queries from it", async () => {
    const { prometheusHistory } = await import("@/lib/metrics/history/prometheus");
    await expect.poll(() => queryScalar(prometheus.url, 'count_over_time(up{job="agency-toolkit"}[1m])'), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const now = Date.now();

    const series = await prometheusHistory(prometheus.url).range({ signals: ["instances", "memory_utilization"], fromMs: now - 60_000, toMs: now, stepSeconds: 1 });

    expect(series.map((entry) => entry.series).sort()).toEqual(["instances", "memory_utilization"]);
    expect(series.find((entry) => entry.series === "instances")!.points.at(-1)![1]).toBe(1);
    expect(series.find((entry) => entry.series === "memory_utilization")!.points.at(-1)![1]).toBeGreaterThan(0);
  });

  test("promtool finds no problems in the exposition", async () => {
    const exposition = await (await fetch(`${appUrl}/api/metrics`)).text();
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn("promtool", ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => resolve({ code, output }));
      child.stdin.end(exposition);
    });
    const problems = result.output.split("\n").filter((line) => line.trim() !== "");
    expect(problems.filter((line) => !NAMED_BY_THE_ISSUE.includes(line))).toEqual([]);
    // promtool exits 3 for lint findings; the only ones allowed are the documented exceptions.
    expect(result.code).toBe(problems.length === 0 ? 0 : 3);
  });
});
