import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { findFreePort } from "../scripts/embedded-cluster";
import type { BenchOptions, BenchReport } from "./report";

/**
 * GET /api/health on the production server against a bare node:http server answering the same
 * body, in one run, with the same load.
 */

type Measurement = { target: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number };

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function load(target: string, url: string, { connections, durationSeconds }: BenchOptions): Promise<Measurement> {
  // A short warm-up so JIT and connection set-up don't count against either server.
  await autocannon({ url, connections, duration: 2 });
  const result = await autocannon({ url, connections, duration: durationSeconds });
  return {
    target,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", () => done());
    // Each server runs in its own process group: the signal reaches everything it started.
    process.kill(-child.pid!, "SIGTERM");
  });
}

export async function runHealthBench(options: BenchOptions): Promise<BenchReport> {
  const appPort = await findFreePort();
  const barePort = await findFreePort();
  const app = spawn("node_modules/.bin/tsx", ["scripts/start.ts", "--ephemeral"], {
    env: { ...process.env, PORT: String(appPort), APP_URL: `http://127.0.0.1:${appPort}`, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const bare = spawn("node", ["bench/bare-server.mjs", String(barePort)], { stdio: ["ignore", "ignore", "inherit"], detached: true });
  try {
    await waitFor(`http://127.0.0.1:${appPort}/api/health`, app);
    await waitFor(`http://127.0.0.1:${barePort}/`, bare);
    const bareResult = await load("bare node:http", `http://127.0.0.1:${barePort}/`, options);
    const appResult = await load("app GET /api/health", `http://127.0.0.1:${appPort}/api/health`, options);
    // For scale: the full API chain (request id, metrics, body limit, CSRF, router, problem+json).
    const routedResult = await load("app GET /api/v1/unknown (API router, 404)", `http://127.0.0.1:${appPort}/api/v1/unknown`, options);
    return report([bareResult, appResult, routedResult], options);
  } finally {
    await Promise.all([stop(app), stop(bare)]);
  }
}

function report(results: Measurement[], { connections, durationSeconds }: BenchOptions): BenchReport {
  const [bare, app] = results as [Measurement, Measurement, ...Measurement[]];
  const ratio = Math.round((app.requestsPerSecond / bare.requestsPerSecond) * 100) / 100;
  const markdown = [
    `## GET /api/health vs bare node:http (${connections} connections, ${durationSeconds} s)`,
    "",
    "| target | req/s | p50 ms | p99 ms | errors | non-2xx |",
    "|---|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.target} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |`),
    "",
    `Throughput ratio app / bare: **${ratio}** (goal ≥ 0.8)`,
  ].join("\n");
  return { name: "health", markdown, data: { connections, durationSeconds, ratio, goal: 0.8, results } };
}
