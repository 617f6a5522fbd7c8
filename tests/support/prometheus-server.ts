import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findFreePort } from "@/scripts/embedded-cluster";

export type OwnPrometheus = { url: string; stop(): Promise<void> };

/** A real Prometheus (Debian's package) of the test's own, scraping `target` every second. */
export async function startOwnPrometheus(target: string): Promise<OwnPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agency-prometheus-"));
  const port = await findFreePort();
  const config = ["global:", "  scrape_interval: 1s", "scrape_configs:", "  - job_name: agency-toolkit", "    metrics_path: /api/metrics", "    static_configs:", `      - targets: ["${target}"]`, ""].join("\n");
  fs.writeFileSync(path.join(dir, "prometheus.yml"), config);
  const child = spawn(
    "prometheus",
    [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        fs.rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", done);
      child.kill("SIGTERM");
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`prometheus did not become ready: ${log}`);
}

/** An instant query's single value, or null when the result is empty. */
export async function queryScalar(prometheusUrl: string, promql: string): Promise<number | null> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: promql })}`);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  const value = body.data.result[0]?.value[1];
  return value === undefined ? null : Number(value);
}
