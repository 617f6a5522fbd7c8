import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { previewBackendAction } from "@/lib/diagnostics/backend-actions";
import { LOCK_THRESHOLDS } from "@/lib/diagnostics/locks/detect";
import { DiagnosticsSampler } from "@/lib/diagnostics/sampler";
import type { ScratchDatabase } from "./support/databases";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

let api: InProcessApp;
let scratch: ScratchDatabase;
let sampler: DiagnosticsSampler;
const clients: pg.Client[] = [];

async function connect(applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: scratch.url, application_name: applicationName });
  client.on("error", () => {}); // the blocker is terminated on purpose
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  // The action goes through the API as an sre, so it runs with its guard and audit entry.
  api = await startInProcessApp("diaglock");
  scratch = api.scratch;
  // A 1 s warning keeps the test short; the rule is the production one.
  sampler = new DiagnosticsSampler({ databaseUrl: scratch.url, intervalMs: 500, thresholds: { locks: { ...LOCK_THRESHOLDS, waitWarningSeconds: 1 } } });
  // The fixture client creates the table; the sessions that lock it log in as the app does
  // (whose role may not create tables, but may signal the backends of its own kind).
  const appRole = decodeURIComponent(new URL(scratch.url).username);
  await scratch.prisma.$executeRawUnsafe("create table diag_lock (id int primary key, v int)");
  await scratch.prisma.$executeRawUnsafe("insert into diag_lock values (1, 0)");
  await scratch.prisma.$executeRawUnsafe(`grant select, update on diag_lock to "${appRole.replaceAll('"', '""')}"`);
});

afterAll(async () => {
  await sampler?.stop();
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await api?.close();
});

describe("lock contention detector on a real row lock", () => {
  test("shows the blocking chain with both queries; a platform sre (not a tenant admin, viewer or manager) terminates the blocker, which clears it", async () => {
    const blocker = await connect("diag-blocker");
    const waiter = await connect("diag-waiter");
    const blockerPid = (await blocker.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    const waiterPid = (await waiter.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    await blocker.query("begin");
    await blocker.query("update diag_lock set v = 1 where id = 1");
    const blockedUpdate = waiter.query("update diag_lock set v = 2 where id = 1");

    await expect.poll(async () => (await sampler.tick(), sampler.report()!.locks.state), { timeout: 10_000, interval: 250 }).toBe("warning");
    const { evidence } = sampler.report()!.locks;
    expect(evidence.chains).toHaveLength(1);
    const chain = evidence.chains[0]!;
    expect(chain.root).toMatchObject({ pid: blockerPid, applicationName: "diag-blocker", state: "idle in transaction", query: "update diag_lock set v = 1 where id = 1" });
    expect(chain.root.transactionAgeSeconds).toBeGreaterThan(0);
    expect(chain.waiting).toEqual([expect.objectContaining({ pid: waiterPid, applicationName: "diag-waiter", query: "update diag_lock set v = 2 where id = 1", blockingPids: [blockerPid], depth: 1 })]);
    expect(chain.longestWaitSeconds).toBeGreaterThanOrEqual(1);
    // Either the slowest statements or a clear reason why there are none.
    const statements = evidence.statements;
    if (statements.available) expect(Array.isArray(statements.statements)).toBe(true);
    else expect(statements.reason).toMatch(/pg_stat_statements is not available/);

    const preview = await previewBackendAction(sampler.connection, blockerPid, "terminate");
    expect(preview.unblocks.map((session) => session.pid)).toEqual([waiterPid]);
    await expect(previewBackendAction(sampler.connection, waiterPid, "terminate")).rejects.toThrow(/not blocking any session/);
    const act = async (email: string, confirmPid: number) =>
      api.app.request(`/api/v1/ops/diagnostics/blockers/${blockerPid}/actions`, {
        method: "POST",
        headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ action: "terminate", confirmPid }),
      });
    for (const email of ["lead@copperleaf.test", "viewer@agency.test", "manager@agency.test"]) expect((await act(email, blockerPid)).status, email).toBe(403);
    expect((await act("sre@agency.test", blockerPid + 1)).status).toBe(422);
    expect(await scratch.prisma.auditEntry.count({ where: { NOT: { action: { startsWith: "auth" } } } })).toBe(0);

    const response = await act("sre@agency.test", blockerPid);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ pid: blockerPid, action: "terminate", signalled: true, actor: "sre@agency.test" });
    expect(await scratch.prisma.auditEntry.findMany({ where: { NOT: { action: { startsWith: "auth" } } } })).toEqual([expect.objectContaining({ action: "diagnostics.backend_terminate", target: `backend:${blockerPid}`, actorEmail: "sre@agency.test" })]);
    await expect(blockedUpdate).resolves.toMatchObject({ rowCount: 1 });

    await sampler.tick();
    expect(sampler.report()!.locks.state).toBe("ok");
    expect(sampler.report()!.locks.evidence.chains).toEqual([]);
    expect(sampler.report()!.locks.history[0]!.worstState).toBe("warning");
  });
});
