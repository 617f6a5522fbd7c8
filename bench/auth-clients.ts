import { loadavg } from "node:os";
import type { BenchOptions, BenchReport } from "./report";
import { counterTotal, load, measurementTable, signInMember, startAppServer, type Measurement } from "./servers";

const PATH = "/api/v1/templates?category=landing-pages&limit=20";
const RATIO_GOAL = 0.9;
const P99_DELTA_GOAL_MS = 2;
/** better-auth's cookie cache window: a session_data cookie older than this is expired. */
const SESSION_DATA_MAX_AGE_MS = 60_000;
const ROUNDS = 2;

/** Only the session_token cookie: what a client that never stores refreshed cookies ends up sending. */
function tokenOnly(cookie: string): string {
  return cookie.split("; ").filter((pair) => pair.includes(".session_token=")).join("; ");
}

async function createApiToken(url: string, cookie: string): Promise<string> {
  const me = (await (await fetch(`${url}/api/v1/me`, { headers: { cookie } })).json()) as { active: { tenantId: string } };
  const response = await fetch(`${url}/api/v1/account/tokens`, {
    method: "POST",
    headers: { cookie, origin: url, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", scope: { type: "tenant", tenantId: me.active.tenantId }, expiresInDays: 1 }),
  });
  if (response.status !== 201) throw new Error(`token creation failed with ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { secret: string }).secret;
}

async function queriesSoFar(url: string): Promise<number> {
  return counterTotal(await (await fetch(`${url}/api/metrics`)).text(), "db_queries_total");
}

type ClientResult = Measurement & { queriesPerRequest: number };

async function measure(url: string, label: string, headers: Record<string, string>, options: BenchOptions): Promise<ClientResult> {
  const first = await fetch(`${url}${PATH}`, { headers });
  if (!first.ok) throw new Error(`${label}: ${PATH} answered ${first.status}`);
  await first.arrayBuffer();
  const before = await queriesSoFar(url);
  const result = await load(label, `${url}${PATH}`, options, headers);
  const queries = (await queriesSoFar(url)) - before;
  const requests = result.requestsPerSecond * (options.durationSeconds + 2);
  return { ...result, queriesPerRequest: requests > 0 ? queries / requests : 0 };
}

function averageOf(runs: ClientResult[]): ClientResult {
  const mean = (pick: (run: ClientResult) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  return {
    target: runs[0]!.target,
    requestsPerSecond: Math.round(mean((run) => run.requestsPerSecond)),
    p50Ms: Math.round(mean((run) => run.p50Ms) * 10) / 10,
    requests: Math.round(mean((run) => run.requests)),
    p99Ms: Math.round(mean((run) => run.p99Ms) * 10) / 10,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    queriesPerRequest: mean((run) => run.queriesPerRequest),
  };
}

/**
 * The cached template listing, in one run, as four kinds of client send it: fresh cookies
 * (session_token + session_data, as a browser keeps them), only the session_token cookie (a
 * script that never stores refreshed cookies), a session_data cookie past its window, and an API
 * token. Each is compared with fresh cookies.
 */
export async function runAuthClientsBench(options: BenchOptions): Promise<BenchReport> {
  const app = await startAppServer();
  try {
    const url = app.url;
    // Signed in first, then left alone until its session_data cookie has expired.
    const expiringCookie = await signInMember(url);
    const expiringSince = Date.now();
    const apiToken = await createApiToken(url, await signInMember(url));
    const tokenOnlyCookie = tokenOnly(await signInMember(url));
    const waitMs = expiringSince + SESSION_DATA_MAX_AGE_MS + 2_000 - Date.now();
    if (waitMs > 0) await new Promise((done) => setTimeout(done, waitMs));

    // The machine is shared with the load generator (and whatever else runs): each client is
    // measured ROUNDS times, in an order that turns round each round, and averaged.
    const clients: { label: string; headers: () => Promise<Record<string, string>> }[] = [
      // Signed in just before its run, so its session_data cookie is valid throughout.
      { label: "fresh cookies", headers: async () => ({ cookie: await signInMember(url) }) },
      { label: "session_token cookie only", headers: async () => ({ cookie: tokenOnlyCookie }) },
      { label: "expired session_data cookie", headers: async () => ({ cookie: expiringCookie }) },
      { label: "API token (Bearer agt_…)", headers: async () => ({ authorization: `Bearer ${apiToken}` }) },
    ];
    const runs = new Map<string, ClientResult[]>(clients.map((client) => [client.label, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? clients : [...clients].reverse();
      for (const client of order) runs.get(client.label)!.push(await measure(url, client.label, await client.headers(), options));
    }
    const [fresh, ...results] = clients.map((client) => averageOf(runs.get(client.label)!));
    if (!fresh) throw new Error("no fresh-cookie measurement");
    const rows = [fresh, ...results].map((result) => ({
      ...result,
      ratio: Math.round((result.requestsPerSecond / fresh.requestsPerSecond) * 100) / 100,
      p99DeltaMs: Math.round((result.p99Ms - fresh.p99Ms) * 10) / 10,
    }));
    const loadAverage = loadavg().map((value) => value.toFixed(2)).join(", ");
    const markdown = [
      `## Cached template listing by kind of client (${options.connections} connections, ${options.durationSeconds} s per run, mean of ${ROUNDS} runs each, alternating order, one app)`,
      "",
      measurementTable(rows),
      "",
      "| client | ratio to fresh cookies | p99 − fresh p99 (ms) | database queries per request | meets goal |",
      "|---|---:|---:|---:|---|",
      ...rows.map(
        (row) =>
          `| ${row.target} | ${row.ratio} | ${row.p99DeltaMs} | ${row.queriesPerRequest.toFixed(4)} | ${row.ratio >= RATIO_GOAL && row.p99DeltaMs <= P99_DELTA_GOAL_MS ? "yes" : "no"} |`,
      ),
      "",
      `Goal: each client ≥ ${RATIO_GOAL}× the fresh-cookie rate with p99 within ${P99_DELTA_GOAL_MS} ms of it. Load average after the run (1, 5, 15 min): ${loadAverage}`,
    ].join("\n");
    return { name: "auth-clients", markdown, data: { ...options, path: PATH, results: rows, ratioGoal: RATIO_GOAL, p99DeltaGoalMs: P99_DELTA_GOAL_MS, loadAverage } };
  } finally {
    await app.stop();
  }
}
