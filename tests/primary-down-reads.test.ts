import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_COOKIE } from "@/lib/auth/session";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { startAppOnServers, type ClusterApp } from "./support/cluster-app";
import { TEST_ORIGIN } from "./support/in-process-app";
import { postmasterPid, query } from "./support/sql";

// The primary stops (fast shutdown, then a SIGKILL of its postmaster) while signed-in users keep
// reading from the replica: sessions, memberships and read-only routes answer 200, writes 503
// with Retry-After, /api/ready 503, and nothing ever 500. Its own primary + replica, since the
// shared test cluster must keep its primary.
let cluster: EmbeddedCluster;
let dataDir: string;
let api: ClusterApp;

const USERS = ["admin@agency.test", "member@agency.test", "lead@copperleaf.test"] as const;
type User = (typeof USERS)[number];
/** Each user's session token cookie only: without better-auth's signed data cookie, every verification reads the session row. */
const cookies = new Map<User, string>();
const userIds = new Map<User, string>();
let northwindId: string;
let templateId: string;


async function call(user: User | null, method: string, path: string, body?: unknown) {
  const cookie = user ? `${cookies.get(user)}; ${TENANT_COOKIE}=${northwindId}` : undefined;
  const response = await api.app.request(path, {
    method,
    headers: { ...(cookie ? { cookie } : {}), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

/** Drops what this instance remembers of who may do what (memberships, verified sessions), as its 30 s cache expiring would. */
async function forgetAccess(): Promise<void> {
  const { invalidateTag, cacheTags } = await import("@/lib/cache");
  for (const id of userIds.values()) await invalidateTag(cacheTags.userAccess(id)).catch(() => {});
}

const READS = (user: User) =>
  [
    ["/api/v1/me", user],
    ["/api/v1/templates?limit=5", user],
    [`/api/v1/templates/${templateId}`, user],
    ["/api/v1/dashboard/stats", user],
  ] as const;

/** `rounds` passes over every read for every user, each after forgetting access; the failures, by path and status. */
async function readRounds(rounds: number): Promise<{ total: number; failures: string[] }> {
  const failures: string[] = [];
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    await forgetAccess();
    for (const user of USERS) {
      // The lead belongs to Copperleaf only: the dashboard and templates answer for that tenant.
      for (const [path] of READS(user)) {
        if (user === "lead@copperleaf.test" && path.includes(templateId)) continue;
        const response = await call(user, "GET", path);
        total += 1;
        if (response.status !== 200) failures.push(`${user} GET ${path} → ${response.status} ${response.text.slice(0, 160)}`);
      }
    }
  }
  return { total, failures };
}

async function expectWriteRefused(): Promise<void> {
  const response = await call("admin@agency.test", "POST", "/api/v1/templates", { categorySlug: "email", name: `while down ${Date.now()}` });
  expect(response.status, response.text).toBe(503);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(JSON.parse(response.text)).toMatchObject({ status: 503, code: "unavailable" });
}

async function expectPrimaryDownBehaviour(label: string): Promise<void> {
  // The first requests after the loss find out by themselves (the health sample is seconds away).
  const reads = await readRounds(8);
  console.info(`${label}: ${reads.total} reads with the primary down, ${reads.failures.length} failed`);
  expect(reads.failures).toEqual([]);
  await expectWriteRefused();
  const signIn = await api.app.request("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_ORIGIN },
    body: JSON.stringify({ email: "viewer@agency.test", password: "agency-demo-2026" }),
  });
  expect(signIn.status).toBe(503);
  expect(signIn.headers.get("retry-after")).not.toBeNull();
  expect((await api.app.request("/api/ready")).status).toBe(503);
  // What the signed-in shell polls for its "read-only" banner.
  for (const user of USERS) {
    const status = await call(user, "GET", "/api/v1/database-status");
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text)).toEqual({ primaryReachable: false });
  }
}

async function expectWritesWorkAgain(): Promise<void> {
  const deadline = Date.now() + 15_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await call("admin@agency.test", "POST", "/api/v1/templates", { categorySlug: "email", name: `after restart ${Date.now()}` })).status;
    if (status === 201) break;
    expect(status).toBe(503);
    await sleep(250);
  }
  expect(status).toBe(201);
  // A write does not flip the banner state: the background probe (about every second) does.
  const databaseStatus = async () => JSON.parse((await call("member@agency.test", "GET", "/api/v1/database-status")).text) as { primaryReachable: boolean };
  for (let attempt = 0; attempt < 20 && !(await databaseStatus()).primaryReachable; attempt++) await sleep(250);
  expect(await databaseStatus()).toEqual({ primaryReachable: true });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "primary-down-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  api = await startAppOnServers({ primary: cluster.primaryUrl, replicas: [cluster.replicaUrl] }, { DB_REPLICA_HEALTH_INTERVAL_MS: "1000" });
  for (const user of USERS) {
    const signedIn = await api.signIn(user);
    cookies.set(user, signedIn.split("; ").filter((cookie) => cookie.startsWith("agency.session_token=")).join("; "));
  }
  const users = await query<{ id: string; email: string }>(cluster.primaryUrl, "select id, email from \"user\" where email = any($1)", [USERS]);
  for (const row of users) userIds.set(row.email as User, row.id);
  northwindId = (await query<{ id: string }>(cluster.primaryUrl, "select id from tenant where slug = 'northwind'"))[0]!.id;
  templateId = (await query<{ id: string }>(cluster.primaryUrl, 'select id from template where "tenantId" = $1 limit 1', [northwindId]))[0]!.id;
}, 180_000);

/** The member's session a day into its life: better-auth extends its row on the next lookup (a write the primary must take). */
async function ageMemberSession(): Promise<void> {
  await query(cluster.primaryUrl, `update session set "expiresAt" = now() + interval '5 days' where "userId" = $1`, [userIds.get("member@agency.test")]);
  await cluster.waitForReplicaReplay();
}

afterAll(async () => {
  await api?.close();
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("signed-in reads with the primary down", () => {
  test("with the primary up, every read answers 200", async () => {
    expect((await readRounds(1)).failures).toEqual([]);
    await cluster.waitForReplicaReplay();
  });

  test("primary stopped: reads 200 from the replica, writes and sign-in 503 with Retry-After, /api/ready 503; after a restart writes work", async () => {
    await ageMemberSession();
    await cluster.stopPrimary();
    try {
      await expectPrimaryDownBehaviour("fast shutdown");
    } finally {
      await cluster.startPrimary();
    }
    await expectWritesWorkAgain();
    expect((await readRounds(1)).failures).toEqual([]);
  }, 120_000);

  test("primary's postmaster SIGKILLed: the same, and writes work once it is started again", async () => {
    await ageMemberSession();
    process.kill(postmasterPid(path.join(dataDir, "primary")), "SIGKILL");
    try {
      await expectPrimaryDownBehaviour("SIGKILL");
    } finally {
      await cluster.startPrimary();
    }
    await expectWritesWorkAgain();
  }, 120_000);

  test("backends ended mid-request on the primary and the replica: every answer is 2xx, 4xx or 503, never 500", async () => {
    await expectWritesWorkAgain();
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    const runUntil = Date.now() + 6_000;
    let ended = 0;
    const terminator = (async () => {
      while (Date.now() < runUntil) {
        for (const url of [cluster.primaryUrl, cluster.replicaUrl]) {
          const rows = await query<{ ended: number }>(
            url,
            "select count(*) filter (where pg_terminate_backend(pid))::int as ended from pg_stat_activity where application_name = 'agency-toolkit' and pid <> pg_backend_pid()",
          ).catch(() => [{ ended: 0 }]);
          ended += rows[0]!.ended;
        }
        await sleep(30);
      }
    })();
    const worker = async (user: User, index: number) => {
      for (let turn = 0; Date.now() < runUntil; turn++) {
        if (turn % 8 === 0) await forgetAccess();
        const isWrite = user === "admin@agency.test" && turn % 3 === 0;
        const path = isWrite ? "/api/v1/templates" : READS(user)[turn % 4]![0];
        if (!isWrite && user === "lead@copperleaf.test" && path.includes(templateId)) continue;
        const response = await call(user, isWrite ? "POST" : "GET", path, isWrite ? { categorySlug: "email", name: `chaos ${index}-${turn}` } : undefined);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const isAcceptable = response.status < 500 || response.status === 503;
        if (!isAcceptable) unexpected.push(`${user} ${isWrite ? "POST" : "GET"} ${path} → ${response.status} ${response.text.slice(0, 200)}`);
        if (response.status === 503) expect(response.headers.get("retry-after")).not.toBeNull();
      }
    };
    await Promise.all([...USERS.map((user, index) => worker(user, index)), worker("admin@agency.test", 9), terminator]);
    console.info(`backends ended: ${ended}; answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(ended).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
  }, 60_000);

  test("after the replica is promoted, /api/ready answers 200 or 503 (never 500) and reads and writes go on", async () => {
    const { db } = await import("@/lib/db/client");
    const { assessPromotion, promoteReplica } = await import("@/lib/db/promotion");
    await cluster.waitForReplicaReplay();
    await cluster.stopPrimary();
    const database = db();
    await promoteReplica(database, await assessPromotion(database), { runId: null, catchUpTimeoutMs: 5_000, onStep: async () => {} });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await api.app.request("/api/ready")).status);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(statuses.at(-1)).toBe(200); // the promoted server answers as the primary, and no replica is left to report
    expect((await readRounds(1)).failures).toEqual([]);
    await expectWritesWorkAgain();
  }, 60_000);
});
