import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runAuditChainBench } from "./audit-chain";
import { runAuthClientsBench } from "./auth-clients";
import { runDbBench } from "./db";
import { runCacheBench } from "./cache";
import { runDashboardBench } from "./dashboard";
import { runHealthBench } from "./health";
import { runMetricsBench } from "./metrics";
import { runSyncCommitBench } from "./sync-commit";
import { runModuleResolutionBench } from "./module-resolution";
import { runPgInvalidationBench } from "./pg-invalidation";
import { runTemplatesApiBench } from "./templates-api";
import { runWorkflowsBench } from "./workflows";
import { runWorkflowFairnessBench } from "./workflow-fairness";
import type { BenchOptions, BenchReport } from "./report";

/**
 * `npm run bench [-- name…] [--duration s] [--connections n]`: runs the named benchmarks (all by
 * default), prints a Markdown table for each and writes bench/results/<name>.{json,md}.
 */
const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<BenchReport>> = {
  health: runHealthBench,
  cache: runCacheBench,
  db: runDbBench,
  "templates-api": runTemplatesApiBench,
  metrics: runMetricsBench,
  "module-resolution": runModuleResolutionBench,
  workflows: runWorkflowsBench,
  "workflow-fairness": runWorkflowFairnessBench,
  dashboard: runDashboardBench,
  "audit-chain": runAuditChainBench,
  "sync-commit": runSyncCommitBench,
  "pg-invalidation": runPgInvalidationBench,
  "auth-clients": runAuthClientsBench,
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { duration: { type: "string", default: "10" }, connections: { type: "string", default: "50" } },
});
const options: BenchOptions = { durationSeconds: Number(values.duration), connections: Number(values.connections) };
const names = positionals.length > 0 ? positionals : Object.keys(BENCHMARKS);
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}\n`);
  process.exit(2);
}

const dir = join("bench", "results");
mkdirSync(dir, { recursive: true });
for (const name of names) {
  const report = await BENCHMARKS[name]!(options);
  const stamped = { benchmark: report.name, date: new Date().toISOString(), ...report.data };
  writeFileSync(join(dir, `${report.name}.json`), `${JSON.stringify(stamped, null, 2)}\n`);
  writeFileSync(join(dir, `${report.name}.md`), `${report.markdown}\n`);
  process.stdout.write(`${report.markdown}\n\n`);
}
