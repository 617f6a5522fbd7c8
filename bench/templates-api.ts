import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../scripts/app-server";
import { findFreePort } from "../scripts/embedded-cluster";
import type { BenchOptions, BenchReport } from "./report";
import { alternatingRounds, roundsTable } from "./measure";
import { counterTotal, signInMember, startAppServer } from "./servers";

const PATH = "/api/v1/templates?category=landing-pages&limit=20";
const RATIO_GOAL = 0.5;
const P99_GOAL_MS = 10;

/**
 * A signed-in member listing a category's templates (served from the cache after the first
 * request) against a bare node:http server answering the very same JSON bytes, same load, same
 * run, in alternating rounds. Also counts the database queries the app sent during its measured
 * rounds: the session check and the cache lookup should cost none.
 */
export async function runTemplatesApiBench(options: BenchOptions): Promise<BenchReport> {
  // Readiness details and the metrics are for operators: the bench scrapes with a token of its own.
  const metricsToken = randomBytes(24).toString("base64url");
  const operator = { headers: { authorization: `Bearer ${metricsToken}` } };
  const app = await startAppServer({ METRICS_TOKEN: metricsToken });
  const dir = mkdtempSync(join(tmpdir(), "templates-bench-"));
  let bare: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const cookie = await signInMember(app.url);
    // Wait until the replica is in the read rotation, so a cache miss reads from the replica.
    for (let attempt = 0; attempt < 100; attempt++) {
      const ready = (await (await fetch(`${app.url}/api/ready`, operator)).json()) as { checks: { db: { replicas: { inRotation: boolean }[] } } };
      if (ready.checks.db.replicas.every((replica) => replica.inRotation)) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const first = await fetch(`${app.url}${PATH}`, { headers: { cookie } });
    if (!first.ok) throw new Error(`${PATH} answered ${first.status}`);
    const bodyFile = join(dir, "body.json");
    writeFileSync(bodyFile, Buffer.from(await first.arrayBuffer()));
    const barePort = await findFreePort();
    bare = await startServer("node", ["bench/bare-server.mjs", String(barePort), bodyFile], barePort, "/");

    const queriesBefore = counterTotal(await (await fetch(`${app.url}/api/metrics`, operator)).text(), "db_queries_total");
    const rounds = await alternatingRounds(
      { label: "bare node:http, same JSON", url: `${bare.url}/`, processGroup: bare.processGroup, command: "bare-server.mjs" },
      { label: `app GET ${PATH} (signed in, cached)`, url: `${app.url}${PATH}`, headers: { cookie }, processGroup: app.processGroup, command: "dist/server.js" },
      options,
    );
    const queriesAfter = counterTotal(await (await fetch(`${app.url}/api/metrics`, operator)).text(), "db_queries_total");

    const appRequests = rounds.reduce((sum, round) => sum + round.app.requests, 0);
    const queriesPerRequest = appRequests > 0 ? (queriesAfter - queriesBefore) / appRequests : 0;
    const markdown = [
      `## Cached category listing through the API vs bare node:http (${options.connections} connections, ${options.durationSeconds} s per side, ${rounds.length} alternating rounds, signed-in member)`,
      "",
      roundsTable(rounds),
      "",
      `Goals: ratio app / bare ≥ ${RATIO_GOAL}, app p99 < ${P99_GOAL_MS} ms. CPU µs per request counts only the server processes (from /proc), so it holds up while other work shares the machine; the ratio and p99 do not.`,
      "",
      `Database queries sent by the app during its measured rounds (db_queries_total, every pool, background work included): ${queriesAfter - queriesBefore} for ${appRequests} requests (${queriesPerRequest.toFixed(4)} per request)`,
    ].join("\n");
    return {
      name: "templates-api",
      markdown,
      data: { ...options, rounds, ratioGoal: RATIO_GOAL, p99GoalMs: P99_GOAL_MS, databaseQueries: queriesAfter - queriesBefore, queriesPerRequest },
    };
  } finally {
    await Promise.all([app.stop(), bare?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
