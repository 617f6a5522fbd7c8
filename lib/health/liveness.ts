import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "@/lib/metrics/registry";

export const LIVENESS_PATH = "/api/health";
const BODY = JSON.stringify({ status: "ok" });
const LABELS = { method: "GET", route: LIVENESS_PATH, status: "200" };

export function isLivenessProbe(req: IncomingMessage): boolean {
  return req.url === LIVENESS_PATH && (req.method === "GET" || req.method === "HEAD");
}

/**
 * Liveness is answered by the front door itself, before the API router: it touches nothing, so
 * it costs what a bare node:http answer costs, and a busy middleware chain can't fail the probe
 * that decides whether the process gets restarted. It is still counted in the latency histogram.
 */
export function answerLivenessProbe(req: IncomingMessage, res: ServerResponse): void {
  const startedAt = performance.now();
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "x-request-id": crypto.randomUUID() });
  res.end(req.method === "HEAD" ? undefined : BODY);
  metrics.httpRequestDuration.observe(req.method === "GET" ? LABELS : { ...LABELS, method: "HEAD" }, (performance.now() - startedAt) / 1000);
}
