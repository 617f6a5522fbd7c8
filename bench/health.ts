import type { BenchOptions, BenchReport } from "./report";
import { load, measurementTable, startAppServer, startBareServer } from "./servers";

/**
 * GET /api/health on the production server against a bare node:http server answering the same
 * body, in one run, with the same load.
 */
export async function runHealthBench(options: BenchOptions): Promise<BenchReport> {
  const [app, bare] = await Promise.all([startAppServer(), startBareServer()]);
  try {
    const results = [
      await load("bare node:http", `${bare.url}/`, options),
      await load("app GET /api/health", `${app.url}/api/health`, options),
      // For scale: the full API chain (request id, metrics, body limit, CSRF, router, problem+json).
      await load("app GET /api/v1/unknown (API router, 404)", `${app.url}/api/v1/unknown`, options),
    ];
    const ratio = Math.round((results[1]!.requestsPerSecond / results[0]!.requestsPerSecond) * 100) / 100;
    const markdown = [
      `## GET /api/health vs bare node:http (${options.connections} connections, ${options.durationSeconds} s)`,
      "",
      measurementTable(results),
      "",
      `Throughput ratio app / bare: **${ratio}** (goal ≥ 0.8)`,
    ].join("\n");
    return { name: "health", markdown, data: { ...options, ratio, goal: 0.8, results } };
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
  }
}
