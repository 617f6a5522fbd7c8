import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { BenchOptions } from "./report";
import { load, type Measurement } from "./servers";

/** Runs `work` `runs` times (after one warm-up) and returns the median and p95 in milliseconds. */
export async function timeRuns(runs: number, work: (run: number) => Promise<unknown>): Promise<{ medianMs: number; p95Ms: number }> {
  await work(-1);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedAt = performance.now();
    await work(run);
    samples.push(performance.now() - startedAt);
  }
  samples.sort((a, b) => a - b);
  const at = (quantile: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(quantile * samples.length))]! * 100) / 100;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, milliseconds) of the processes in a process group whose command line
 * contains `commandPart`: the server's own processes, not the database or the load generator
 * beside it. Read from /proc, so it counts only work done, whatever else shares the machine.
 */
export function processGroupCpuMs(processGroup: number, commandPart: string): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which sits in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== processGroup) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(commandPart)) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (ticks * 1_000) / CLOCK_TICKS_PER_SECOND;
}

/** One side of a bare-vs-app comparison: where to send load and which processes' CPU to count. */
export type LoadTarget = { label: string; url: string; headers?: Record<string, string>; processGroup: number; command: string };

export type RoundResult = {
  round: number;
  bare: CpuMeasurement;
  app: CpuMeasurement;
  ratio: number;
  /** What the app's processes burn with no load, subtracted in the idle-corrected figure. */
  appIdleCpuMsPerSecond: number;
  loadAverage: string;
};

type CpuMeasurement = Measurement & { cpuMicrosPerRequest: number; idleCorrectedCpuMicrosPerRequest: number };

/** CPU milliseconds per second the target spends with no load at all (timers, queue polling, sampling). */
async function idleCpuMsPerSecond(target: LoadTarget, seconds = 5): Promise<number> {
  const before = processGroupCpuMs(target.processGroup, target.command);
  await new Promise((done) => setTimeout(done, seconds * 1_000));
  return (processGroupCpuMs(target.processGroup, target.command) - before) / seconds;
}

async function measured(target: LoadTarget, options: BenchOptions, idleMsPerSecond: number): Promise<CpuMeasurement> {
  const cpuBefore = processGroupCpuMs(target.processGroup, target.command);
  const startedAt = performance.now();
  const result = await load(target.label, target.url, options, target.headers, { warmUp: false });
  const elapsedSeconds = (performance.now() - startedAt) / 1_000;
  const cpuMs = processGroupCpuMs(target.processGroup, target.command) - cpuBefore;
  const perRequest = (ms: number) => (result.requests > 0 ? Math.round((ms * 1_000) / result.requests) : 0);
  return { ...result, cpuMicrosPerRequest: perRequest(cpuMs), idleCorrectedCpuMicrosPerRequest: perRequest(Math.max(0, cpuMs - idleMsPerSecond * elapsedSeconds)) };
}

/**
 * Bare and app in turn, `rounds` times, after one warm-up of each: a machine that gets busier
 * or quieter during the run then shows in both sides of a round, not in one side only. The CPU
 * per request counts only the servers' own processes, so it holds up on a shared machine.
 */
export async function alternatingRounds(bare: LoadTarget, app: LoadTarget, options: BenchOptions, rounds = 3): Promise<RoundResult[]> {
  await load(bare.label, bare.url, { ...options, durationSeconds: 2 }, bare.headers, { warmUp: false });
  await load(app.label, app.url, { ...options, durationSeconds: 2 }, app.headers, { warmUp: false });
  const [bareIdle, appIdle] = await Promise.all([idleCpuMsPerSecond(bare), idleCpuMsPerSecond(app)]);
  const results: RoundResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    const bareResult = await measured(bare, options, bareIdle);
    const appResult = await measured(app, options, appIdle);
    const ratio = Math.round((appResult.requestsPerSecond / bareResult.requestsPerSecond) * 100) / 100;
    results.push({ round, bare: bareResult, app: appResult, ratio, appIdleCpuMsPerSecond: Math.round(appIdle), loadAverage: loadavg().map((value) => value.toFixed(2)).join(", ") });
  }
  return results;
}

export function roundsTable(results: RoundResult[]): string {
  return [
    "| round | bare req/s | app req/s | ratio | bare p99 ms | app p99 ms | bare CPU µs/req | app CPU µs/req | app CPU µs/req less idle | app errors + non-2xx | load average (1, 5, 15 min) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ...results.map(
      (r) =>
        `| ${r.round} | ${r.bare.requestsPerSecond} | ${r.app.requestsPerSecond} | ${r.ratio} | ${r.bare.p99Ms} | ${r.app.p99Ms} | ${r.bare.idleCorrectedCpuMicrosPerRequest} | ${r.app.cpuMicrosPerRequest} | ${r.app.idleCorrectedCpuMicrosPerRequest} | ${r.app.errors + r.app.non2xx} | ${r.loadAverage} |`,
    ),
    "",
    `The app's processes use ${results[0]?.appIdleCpuMsPerSecond ?? 0} ms of CPU per second with no load (background work); "less idle" subtracts that.`,
  ].join("\n");
}
