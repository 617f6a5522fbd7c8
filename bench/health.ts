import type { BenchOptions, BenchReport } from "./report";
import { alternatingRounds, roundsTable } from "./measure";
import { startAppServer, startBareServer } from "./servers";

const RATIO_GOAL = 0.8;

/**
 * GET /api/health on the production server against a bare node:http server answering the same
 * body, in one run, with the same load, in alternating rounds.
 */
export async function runHealthBench(options: BenchOptions): Promise<BenchReport> {
  const [app, bare] = await Promise.all([startAppServer(), startBareServer()]);
  try {
    const rounds = await alternatingRounds(
      { label: "bare node:http", url: `${bare.url}/`, processGroup: bare.processGroup, command: "bare-server.mjs" },
      { label: "app GET /api/health", url: `${app.url}/api/health`, processGroup: app.processGroup, command: "dist/server.js" },
      options,
    );
    const markdown = [
      `## GET /api/health vs bare node:http (${options.connections} connections, ${options.durationSeconds} s per side, ${rounds.length} alternating rounds)`,
      "",
      roundsTable(rounds),
      "",
      `Goal: ratio app / bare ≥ ${RATIO_GOAL}. CPU µs per request counts only the server processes (from /proc).`,
    ].join("\n");
    return { name: "health", markdown, data: { ...options, goal: RATIO_GOAL, rounds } };
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
  }
}
