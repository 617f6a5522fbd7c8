import { findFreePort } from "@/scripts/embedded-cluster";
import { startReadyBinary, type OwnServer } from "./ready-binary";

export type OwnPrometheus = OwnServer;

/** A real Prometheus (Debian's package) of the test's own, scraping `target` every second. */
export async function startOwnPrometheus(target: string): Promise<OwnPrometheus> {
  const port = await findFreePort();
  const config = ["global:", "  scrape_interval: 1s", "scrape_configs:", "  - job_name: agency-toolkit", "    metrics_path: /api/metrics", "    static_configs:", `      - targets: ["${target}"]`, ""].join("\n");
  return startReadyBinary("prometheus", "prometheus", port, { "prometheus.yml": config }, (dir) => [
    `--config.file=${dir}/prometheus.yml`,
    `--storage.tsdb.path=${dir}/data`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--log.level=warn",
  ]);
}

/** An instant query's single value, or null when the result is empty. */
export async function queryScalar(prometheusUrl: string, promql: string): Promise<number | null> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: promql })}`);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  const value = body.data.result[0]?.value[1];
  return value === undefined ? null : Number(value);
}
