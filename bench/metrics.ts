import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { AggregatorRegistry, Counter, Registry } from "prom-client";
import type { ApiEnv } from "../lib/http/context";
import { recordRequestMetrics } from "../lib/http/middleware/observe";
import { timeRuns } from "./measure";
import type { BenchOptions, BenchReport } from "./report";
import { load, measurementTable } from "./servers";

/** The same 4.7 KB JSON answer the request-path comparison used. */
const BODY = { items: Array.from({ length: 40 }, (_, index) => ({ id: index, name: `template ${index}`, description: "x".repeat(80) })) };

function startApp(withMetrics: boolean): Promise<{ url: string; server: ServerType }> {
  const app = new Hono<ApiEnv>();
  if (withMetrics) app.use("*", recordRequestMetrics);
  app.get("/api/v1/templates/:id", (c) => c.json(BODY));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, server }));
  });
}

function registryWithSeries(count: number): Registry {
  const registry = new Registry();
  const counter = new Counter({ name: "bench_requests_total", help: "bench", labelNames: ["route", "status"] as const, registers: [registry] });
  for (let index = 0; index < count; index++) counter.inc({ route: `/api/v1/route-${index % 250}`, status: String(200 + (index % 4)) }, index);
  return registry;
}

/**
 * What recording every request costs (the guide sampled 10 % to save it) and what a scrape costs:
 * one registry with 1,000 series, and four instances' registries aggregated as the local
 * cluster mode does.
 */
export async function runMetricsBench(options: BenchOptions): Promise<BenchReport> {
  const [plain, recorded] = await Promise.all([startApp(false), startApp(true)]);
  try {
    const results = [
      await load("Hono route, no metrics middleware", `${plain.url}/api/v1/templates/7`, options),
      await load("Hono route, every request recorded", `${recorded.url}/api/v1/templates/7`, options),
    ];
    const overhead = Math.round((1 - results[1]!.requestsPerSecond / results[0]!.requestsPerSecond) * 1000) / 10;
    const single = registryWithSeries(1_000);
    const scrape = await timeRuns(50, () => single.metrics());
    const instances = await Promise.all([0, 1, 2, 3].map(async () => registryWithSeries(1_000).getMetricsAsJSON()));
    const aggregated = await timeRuns(50, () => AggregatorRegistry.aggregate(instances).metrics());
    const markdown = [
      `## Cost of recording every request (${options.connections} connections, ${options.durationSeconds} s)`,
      "",
      measurementTable(results),
      "",
      `Throughput cost of recording: **${overhead} %**.`,
      "",
      "| scrape | median ms | p95 ms |",
      "|---|---:|---:|",
      `| /api/metrics text for 1,000 series | ${scrape.medianMs} | ${scrape.p95Ms} |`,
      `| 4 instances × 1,000 series aggregated | ${aggregated.medianMs} | ${aggregated.p95Ms} |`,
    ].join("\n");
    return { name: "metrics", markdown, data: { ...options, results, overheadPercent: overhead, scrape, aggregated } };
  } finally {
    plain.server.close();
    recorded.server.close();
  }
}
