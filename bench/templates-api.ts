import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../scripts/app-server";
import { findFreePort } from "../scripts/embedded-cluster";
import type { BenchOptions, BenchReport } from "./report";
import { counterTotal, load, measurementTable, signInMember, startAppServer } from "./servers";

const PATH = "/api/v1/templates?category=landing-pages&limit=20";
const RATIO_GOAL = 0.5;
const P99_GOAL_MS = 10;

/**
 * A signed-in member listing a category's templates (served from the cache after the first
 * request) against a bare node:http server answering the very same JSON bytes, same load, same
 * run. Also counts the database queries the app sent during its measured run: the session check
 * and the cache lookup should cost none.
 */
export async function runTemplatesApiBench(options: BenchOptions): Promise<BenchReport> {
  const app = await startAppServer();
  const dir = mkdtempSync(join(tmpdir(), "templates-bench-"));
  let bare: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const cookie = await signInMember(app.url);
    // Wait until the replica is in the read rotation, so a cache miss reads from the replica.
    for (let attempt = 0; attempt < 100; attempt++) {
      const ready = (await (await fetch(`${app.url}/api/ready`)).json()) as { checks: { db: { replicas: { inRotation: boolean }[] } } };
      if (ready.checks.db.replicas.every((replica) => replica.inRotation)) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const first = await fetch(`${app.url}${PATH}`, { headers: { cookie } });
    if (!first.ok) throw new Error(`${PATH} answered ${first.status}`);
    const bodyFile = join(dir, "body.json");
    writeFileSync(bodyFile, Buffer.from(await first.arrayBuffer()));
    const barePort = await findFreePort();
    bare = await startServer("node", ["bench/bare-server.mjs", String(barePort), bodyFile], barePort, "/");

    const bareResult = await load("bare node:http, same JSON", `${bare.url}/`, options);
    const queriesBefore = counterTotal(await (await fetch(`${app.url}/api/metrics`)).text(), "db_queries_total");
    const appResult = await load(`app GET ${PATH} (signed in, cached)`, `${app.url}${PATH}`, options, { cookie });
    const queriesAfter = counterTotal(await (await fetch(`${app.url}/api/metrics`)).text(), "db_queries_total");

    // Both servers share the machine with the load generator: a busy machine lowers both rates.
    const loadAverage = loadavg().map((value) => value.toFixed(2)).join(", ");
    const ratio = Math.round((appResult.requestsPerSecond / bareResult.requestsPerSecond) * 100) / 100;
    const requests = appResult.requestsPerSecond * options.durationSeconds;
    const queriesPerRequest = requests > 0 ? (queriesAfter - queriesBefore) / requests : 0;
    const markdown = [
      `## Cached category listing through the API vs bare node:http (${options.connections} connections, ${options.durationSeconds} s, signed-in member)`,
      "",
      measurementTable([bareResult, appResult]),
      "",
      `Throughput ratio app / bare: **${ratio}** (goal ≥ ${RATIO_GOAL}); app p99 **${appResult.p99Ms} ms** (goal < ${P99_GOAL_MS} ms)`,
      "",
      `Load average after the run (1, 5, 15 min): ${loadAverage}`,
      "",
      `Database queries sent by the app during its measured run (db_queries_total, every pool, background work included): ${queriesAfter - queriesBefore} for ~${Math.round(requests)} requests (${queriesPerRequest.toFixed(4)} per request)`,
    ].join("\n");
    return {
      name: "templates-api",
      markdown,
      data: { ...options, results: [bareResult, appResult], ratio, ratioGoal: RATIO_GOAL, p99GoalMs: P99_GOAL_MS, databaseQueries: queriesAfter - queriesBefore, queriesPerRequest, loadAverage },
    };
  } finally {
    await Promise.all([app.stop(), bare?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
