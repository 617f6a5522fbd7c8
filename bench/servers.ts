import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { findFreePort } from "../scripts/embedded-cluster";
import type { BenchOptions } from "./report";

export type Measurement = { target: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number };
export type BenchServer = { url: string; stop(): Promise<void> };

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

/** Each server runs in its own process group, so stopping it reaches everything it started. */
async function startServer(command: string, args: string[], port: number, readyPath: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      process.kill(-child.pid!, "SIGTERM");
    });
  try {
    await waitFor(`${url}${readyPath}`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** The production server on a throw-away embedded primary + replica, seeded, as `npm start` runs it. */
export async function startAppServer(): Promise<BenchServer> {
  const port = await findFreePort();
  return startServer("node_modules/.bin/tsx", ["scripts/start.ts", "--ephemeral"], port, "/api/health", {
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "warn",
  });
}

export async function startBareServer(): Promise<BenchServer> {
  const port = await findFreePort();
  return startServer("node", ["bench/bare-server.mjs", String(port)], port, "/");
}

export async function load(target: string, url: string, { connections, durationSeconds }: BenchOptions, headers: Record<string, string> = {}): Promise<Measurement> {
  // A short warm-up so JIT and connection set-up don't count against the measured run.
  await autocannon({ url, connections, duration: 2, headers });
  const result = await autocannon({ url, connections, duration: durationSeconds, headers });
  return {
    target,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export function measurementTable(results: Measurement[]): string {
  return [
    "| target | req/s | p50 ms | p99 ms | errors | non-2xx |",
    "|---|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.target} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |`),
  ].join("\n");
}
