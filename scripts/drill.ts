import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { startDrillApp } from "./drill/app";
import { startDrillDatabase, type DrillMode } from "./drill/cluster";
import { formatDrillReport, runDrill } from "./drill/run-drill";

// `npm run drill [-- --mode async|sync|both] [--stall-ms 3000] [--load-seconds 15] [--runs 2]`:
// a Jepsen-style failover drill. Each run starts its own primary + replica and the API app over
// HTTP, loads it with writers and readers, SIGKILLs the primary (after stalling replication for
// --stall-ms), promotes the replica through the API as two operators, and checks every
// acknowledged write against the new primary. Exits 1 when any check fails.

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "both" },
    "stall-ms": { type: "string", default: "3000" },
    "load-seconds": { type: "string", default: "15" },
    "writes-per-second": { type: "string", default: "100" },
    runs: { type: "string", default: "1" },
    "promote-timeout-seconds": { type: "string", default: "150" },
  },
});

async function runOne(mode: DrillMode): Promise<boolean> {
  const database = await startDrillDatabase(mode);
  const app = await startDrillApp(database, { listen: true });
  try {
    const report = await runDrill(database, app, {
      loadSeconds: Number(values["load-seconds"]),
      stallMs: Number(values["stall-ms"]),
      writers: 4,
      readers: 2,
      writesPerSecond: Number(values["writes-per-second"]),
      promoteTimeoutMs: Number(values["promote-timeout-seconds"]) * 1000,
      reactionMs: 2_000,
    });
    process.stdout.write(`${formatDrillReport(report)}\n`);
    return report.checks.every((check) => check.ok);
  } finally {
    await app.close();
    await database.stop();
  }
}

/** The app reads its settings once per process, so each mode and run gets a process of its own. */
function runInChild(mode: DrillMode): Promise<boolean> {
  const settings = Object.entries(values).flatMap(([name, value]) => (name === "mode" || name === "runs" ? [] : [`--${name}`, String(value)]));
  return new Promise((done) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...settings, "--mode", mode, "--runs", "1"], { stdio: "inherit" });
    child.once("exit", (code) => done(code === 0));
  });
}

async function main(): Promise<number> {
  const mode = values.mode;
  const runs = Number(values.runs);
  if (mode === "async" || mode === "sync") {
    if (runs === 1) return (await runOne(mode)) ? 0 : 1;
  } else if (mode !== "both") throw new Error(`--mode is async, sync or both, not ${mode}`);
  const modes: DrillMode[] = mode === "both" ? ["async", "sync"] : [mode as DrillMode];
  let isPassing = true;
  for (let run = 1; run <= runs; run++) {
    for (const each of modes) isPassing = (await runInChild(each)) && isPassing;
  }
  return isPassing ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`drill failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
