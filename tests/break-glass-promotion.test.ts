import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "@/scripts/embedded-cluster";
import { startAppOnServers, type ClusterApp } from "./support/cluster-app";
import { TEST_ORIGIN } from "./support/in-process-app";
import { postmasterPid, query } from "./support/sql";

// The promotion that replaces a failed primary, driven through the API by two people while the
// primary is dead (SIGKILL): step-up, request, approval and the run itself cannot be kept on the
// primary, so they go to the break-glass journal and are replayed into the promoted server.

let cluster: EmbeddedCluster;
let dataDir: string;
let journalDir: string;
let app: ClusterApp;


type Answer = { status: number; body: Record<string, unknown> };

async function call(cookie: string, method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await app.app.request(`/api${url}`, {
    method,
    headers: { cookie, origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function killPrimary(): void {
  process.kill(postmasterPid(path.join(dataDir, "primary")), "SIGKILL");
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "break-glass-cluster-"));
  journalDir = fs.mkdtempSync(path.join(os.tmpdir(), "break-glass-journal-"));
  cluster = await startEmbeddedCluster({ dataDir, primaryPort: await findFreePort(), replicaPort: await findFreePort(), persistent: false });
  app = await startAppOnServers({ primary: cluster.primaryUrl, replicas: [cluster.replicaUrl] }, { BREAK_GLASS_DIR: journalDir, DB_REPLICA_HEALTH_INTERVAL_MS: "200" });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await cluster?.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(journalDir, { recursive: true, force: true });
});

describe("a replica promotion through the API with the primary dead", () => {
  test("two people step up, request, approve and run it; the journal lands in the promoted primary's audit chain", async () => {
    const sre = await app.signIn("sre@agency.test");
    const admin = await app.signIn("admin@agency.test");
    await cluster.waitForReplicaReplay();
    killPrimary();

    // Both step up against the replica; the step-ups are journaled.
    for (const cookie of [sre, admin]) {
      let answer: Answer = { status: 0, body: {} };
      for (let attempt = 0; attempt < 50; attempt++) {
        answer = await call(cookie, "POST", "/v1/auth/step-up", { password: DEMO_PASSWORD });
        if (answer.status === 200) break;
        await sleep(200);
      }
      expect(answer).toMatchObject({ status: 200 });
    }
    const wrong = await call(sre, "POST", "/v1/auth/step-up", { password: "not-the-password-at-all" });
    expect(wrong.status).toBe(422);

    const preview = await call(sre, "POST", "/v1/ops/emergency/replica-promotion/preview", { input: {} });
    expect(preview.status).toBe(200);
    expect(preview.body.blockers).toEqual([]);

    const request = { input: {}, confirmation: "Read-replica promotion", dataLossAcknowledged: true, idempotencyKey: randomUUID() };
    const requested = await call(sre, "POST", "/v1/ops/emergency/replica-promotion/runs", request);
    expect(requested).toMatchObject({ status: 202, body: { status: "awaiting_approval", requestedBy: { email: "sre@agency.test" } } });
    const runId = requested.body.id as string;
    // A double submit finds the journaled run; a second run is refused while it waits.
    expect(await call(sre, "POST", "/v1/ops/emergency/replica-promotion/runs", request)).toMatchObject({ status: 202, body: { id: runId } });
    expect((await call(sre, "POST", "/v1/ops/emergency/replica-promotion/runs", { ...request, idempotencyKey: randomUUID() })).status).toBe(409);
    // The requester cannot approve their own run; the list shows it waiting.
    expect((await call(sre, "POST", `/v1/ops/emergency/runs/${runId}/approve`)).status).toBe(403);
    const listed = await call(admin, "GET", "/v1/ops/emergency/procedures");
    expect(listed.status).toBe(200);
    const card = (listed.body.procedures as { id: string; activeRun: { id: string } | null }[]).find((procedure) => procedure.id === "replica-promotion");
    expect(card?.activeRun?.id).toBe(runId);

    const approved = await call(admin, "POST", `/v1/ops/emergency/runs/${runId}/approve`);
    expect(approved).toMatchObject({ status: 200, body: { status: "running", approvedBy: { email: "admin@agency.test" } } });

    let run: Answer = approved;
    for (let attempt = 0; attempt < 150 && !["succeeded", "failed"].includes(run.body.status as string); attempt++) {
      await sleep(200);
      run = await call(sre, "GET", `/v1/ops/emergency/runs/${runId}`);
    }
    expect(run.body).toMatchObject({ status: "succeeded" });

    // The promoted server holds the run, and the audit chain has every journaled step in order.
    const onNew = await query<{ status: string; approvedByEmail: string }>(cluster.replicaUrl, `select status::text, "approvedByEmail" from procedure_run where id = '${runId}'`);
    expect(onNew).toEqual([{ status: "succeeded", approvedByEmail: "admin@agency.test" }]);
    const actions = await query<{ action: string; journaled: boolean }>(
      cluster.replicaUrl,
      `select action, (after ? 'breakGlass') as journaled from audit_entry where action like 'auth.step_up%' or target = 'procedure_run:${runId}' order by seq`,
    );
    expect(actions.map((entry) => entry.action)).toEqual(["auth.step_up", "auth.step_up", "auth.step_up_refused", "procedure_run.request", "procedure_run.approve", "procedure_run.succeed"]);
    expect(actions.map((entry) => entry.journaled)).toEqual([true, true, true, true, true, false]);
    // Every journaled entry (step-ups, request, approval, start, progress) was applied once, and
    // the journal was emptied into an archive beside it.
    expect(fs.readdirSync(journalDir).filter((name) => name === "journal.jsonl")).toEqual([]);
    const archives = fs.readdirSync(journalDir).filter((name) => name.startsWith("journal-replayed-"));
    expect(archives).toHaveLength(1);
    const archived = fs.readFileSync(path.join(journalDir, archives[0]!), "utf8").trim().split("\n").length;
    const replayed = await query<{ count: number }>(cluster.replicaUrl, "select count(*)::int as count from break_glass_entry");
    expect(replayed).toEqual([{ count: archived }]);

    // The chain still verifies, and writes go on against the promoted server.
    const verified = await call(admin, "GET", "/v1/ops/audit/verify");
    expect(verified).toMatchObject({ status: 200, body: { ok: true } });
    const tenantWrite = await call(admin, "POST", "/v1/auth/step-up", { password: DEMO_PASSWORD });
    expect(tenantWrite.status).toBe(200);
  }, 180_000);
});
