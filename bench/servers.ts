import autocannon from "autocannon";
import { startServer, type AppServer } from "../scripts/app-server";
import { findFreePort } from "../scripts/embedded-cluster";
import { DEMO_PASSWORD } from "../prisma/seed/demo-data";
import type { BenchOptions } from "./report";

export { startAppServer } from "../scripts/app-server";

export type Measurement = { target: string; requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number; requests: number };

export async function startBareServer(): Promise<AppServer> {
  const port = await findFreePort();
  return startServer("node", ["bench/bare-server.mjs", String(port)], port, "/");
}

export async function load(
  target: string,
  url: string,
  { connections, durationSeconds }: BenchOptions,
  headers: Record<string, string> = {},
  { warmUp = true }: { warmUp?: boolean } = {},
): Promise<Measurement> {
  // A short warm-up so JIT and connection set-up don't count against the measured run.
  if (warmUp) await autocannon({ url, connections, duration: 2, headers });
  const result = await autocannon({ url, connections, duration: durationSeconds, headers });
  return {
    target,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

export function measurementTable(results: Measurement[]): string {
  return [
    "| target | req/s | p50 ms | p99 ms | errors | non-2xx |",
    "|---|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.target} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |`),
  ].join("\n");
}

/** Signs the demo member in through the API and returns the cookie header a browser would send. */
export async function signInMember(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "member@agency.test", password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in failed with ${response.status}`);
  return response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
}

/** Sum of a counter's series in the Prometheus text (all label sets). */
export function counterTotal(metricsText: string, name: string): number {
  return [...metricsText.matchAll(new RegExp(`^${name}\\{[^}]*\\} ([0-9.e+]+)$`, "gm"))].reduce((sum, match) => sum + Number(match[1]), 0);
}
