import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { DEMO_PASSWORD } from "@/prisma/seed/demo-data";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { makeStepUpStale } from "./support/stale-step-up";
import { resetAuditLog } from "./support/audit-log";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("emergency_api", { LOG_LEVEL: "error" });
});

afterAll(async () => api?.close());

beforeEach(async () => {
  // Runs a previous test started record their result after it ended; let them finish first.
  const { whenRunSettles } = await import("@/lib/emergency/run-executor");
  const unfinished = await api.scratch.prisma.procedureRun.findMany({ where: { status: { in: ["requested", "running"] } }, select: { id: true } });
  await Promise.all(unfinished.map((run) => whenRunSettles(run.id)));
  await resetAuditLog(api.scratch.prisma, "procedure_run", "emergency_override");
  const { featureBreaker } = await import("@/lib/emergency");
  await featureBreaker().refresh();
});

type Json = Record<string, unknown> & { errors?: { path: string; message: string }[] };

async function call(method: string, path: string, email: string | null, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: {
      origin: TEST_ORIGIN,
      ...(email ? { cookie: await api.cookieFor(email) } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : {}) as Json };
}

const BREAKER = "Limit to core features";
const runBody = (input: unknown, extra: Record<string, unknown> = {}) => ({ input, confirmation: BREAKER, idempotencyKey: randomUUID(), ...extra });

/** Polls the run until it leaves the active states. */
async function settledRun(runId: string, email = "sre@agency.test"): Promise<Json> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const run = await call("GET", `/api/v1/ops/emergency/runs/${runId}`, email);
    if (run.body.status === "succeeded" || run.body.status === "failed") return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not settle`);
}

async function activateBreaker(input: Record<string, unknown> = { action: "activate", scope: "global" }) {
  const started = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", runBody(input));
  expect(started.status).toBe(202);
  return settledRun(String(started.body.id));
}

const ageSessions = (email: string) => makeStepUpStale(api, email);

describe("emergency procedures: who may do what", () => {
  test.each([
    ["member@agency.test", 403],
    ["lead@copperleaf.test", 403],
    ["viewer@agency.test", 403],
    ["manager@agency.test", 403],
  ])("%s cannot preview or run a procedure (%i)", async (email, status) => {
    const preview = await call("POST", "/api/v1/ops/emergency/circuit-breaker/preview", email, { input: { action: "activate" } });
    const run = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", email, runBody({ action: "activate" }));

    expect([preview.status, run.status]).toEqual([status, status]);
    expect(await api.scratch.prisma.procedureRun.count()).toBe(0);
  });

  test("a platform manager or viewer sees the procedures read-only; a tenant member or tenant admin not at all", async () => {
    const manager = await call("GET", "/api/v1/ops/emergency/procedures", "manager@agency.test");
    const viewer = await call("GET", "/api/v1/ops/emergency/procedures", "viewer@agency.test");
    const member = await call("GET", "/api/v1/ops/emergency/procedures", "member@agency.test");
    const tenantAdmin = await call("GET", "/api/v1/ops/emergency/procedures", "lead@copperleaf.test");

    expect(manager.status).toBe(200);
    expect(manager.body.canRun).toBe(false);
    const breaker = (manager.body.procedures as Json[]).find((procedure) => procedure.id === "circuit-breaker");
    expect(breaker).toMatchObject({ name: BREAKER, currentState: "off: every feature is available", activeRun: null });
    expect((breaker?.runbook as string[]).length).toBeGreaterThan(2);
    expect(viewer.status).toBe(200);
    expect(viewer.body.canRun).toBe(false);
    expect(member.status).toBe(403);
    expect(tenantAdmin.status).toBe(403);
  });

  test("an unauthenticated caller gets 401", async () => {
    expect((await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", null, runBody({ action: "activate" }))).status).toBe(401);
  });
});

describe("POST /api/v1/ops/emergency/{id}/preview", () => {
  test("lists exactly the non-core endpoints and pages that would degrade", async () => {
    const preview = await call("POST", "/api/v1/ops/emergency/circuit-breaker/preview", "sre@agency.test", { input: { action: "activate", scope: "global" } });

    expect(preview.status).toBe(200);
    const labels = (preview.body.changes as { label: string }[]).map((change) => change.label);
    expect(labels).toContain("page /app/marketplace (optional)");
    expect(labels).toContain("page /app/modules (standard)");
    expect(labels).not.toContain("page /app/templates (core)");
    expect(labels).toContain("endpoint POST /api/v1/modules/activations (standard, modules)");
    expect(labels.some((label) => label.includes("/v1/ops/"))).toBe(false);
    expect(labels.some((label) => label.startsWith("endpoint GET /api/v1/templates "))).toBe(false);
    expect(preview.body.blockers).toEqual([]);
  });

  test("a per-area activation lists only that area", async () => {
    const preview = await call("POST", "/api/v1/ops/emergency/circuit-breaker/preview", "sre@agency.test", { input: { action: "activate", scope: "modules" } });

    const labels = (preview.body.changes as { label: string }[]).map((change) => change.label).filter((label) => label.startsWith("page") || label.startsWith("endpoint"));
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((label) => label.includes("modules"))).toBe(true);
  });

  test("bad input is a 422 naming the field", async () => {
    const preview = await call("POST", "/api/v1/ops/emergency/circuit-breaker/preview", "sre@agency.test", { input: { action: "activate", durationMinutes: 1 } });

    expect(preview.status).toBe(422);
    expect(preview.body.errors?.[0]?.path).toBe("body.input.durationMinutes");
  });

  test("an unknown procedure is a 400 naming the parameter", async () => {
    const preview = await call("POST", "/api/v1/ops/emergency/format-disk/preview", "sre@agency.test", { input: {} });
    expect(preview.status).toBe(400);
    expect(preview.body.errors?.[0]?.path).toBe("param.id");
  });
});

describe("POST /api/v1/ops/emergency/{id}/runs", () => {
  test("a wrong confirmation is a 422 on the field, and nothing runs", async () => {
    const run = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", runBody({ action: "activate" }, { confirmation: "limit to core" }));

    expect(run.status).toBe(422);
    expect(run.body.errors).toEqual([{ path: "body.confirmation", message: `type the procedure's name exactly: "${BREAKER}"` }]);
    expect(await api.scratch.prisma.procedureRun.count()).toBe(0);
  });

  test("an old session must re-enter the password first (403 step_up_required)", async () => {
    await ageSessions("admin@agency.test");

    const refused = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "admin@agency.test", runBody({ action: "activate" }));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("step_up_required");
    expect(await api.scratch.prisma.procedureRun.count()).toBe(0);

    expect((await call("POST", "/api/v1/auth/step-up", "admin@agency.test", { password: DEMO_PASSWORD })).status).toBe(200);
    const accepted = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "admin@agency.test", runBody({ action: "activate" }));
    expect(accepted.status).toBe(202);
    await settledRun(String(accepted.body.id));
  });

  test("the same idempotency key twice, even at once, is one run", async () => {
    const body = runBody({ action: "activate", scope: "marketplace" });
    const [first, second] = await Promise.all([
      call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", body),
      call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", body),
    ]);
    const third = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", body);

    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(new Set([first.body.id, second.body.id, third.body.id]).size).toBe(1);
    await settledRun(String(first.body.id));
    expect(await api.scratch.prisma.procedureRun.count()).toBe(1);
    expect(await api.scratch.prisma.emergencyOverride.count()).toBe(1);
  });

  test("another person reusing a key gets 409", async () => {
    const body = runBody({ action: "activate", scope: "workflows" });
    expect((await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", body)).status).toBe(202);
    expect((await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "admin@agency.test", body)).status).toBe(409);
  });

  test("one run at a time per procedure: a second while one is active is a 409", async () => {
    const sre = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "sre@agency.test" } });
    // A run in progress on another instance, as the database sees it.
    await api.scratch.prisma.procedureRun.create({
      data: {
        procedure: "circuit-breaker",
        input: {},
        preview: { summary: "", changes: [], warnings: [], blockers: [], estimatedSeconds: null },
        status: "running",
        requestedByUserId: sre.id,
        requestedByEmail: sre.email,
        idempotencyKey: randomUUID(),
        requestId: "test",
      },
    });

    const second = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "admin@agency.test", runBody({ action: "activate" }));

    expect(second.status).toBe(409);
    expect(String(second.body.detail)).toContain("one run at a time");
  });

  test("a run records its progress, result and audit entries with before and after", async () => {
    const run = await activateBreaker({ action: "activate", scope: "global", durationMinutes: 30 });

    expect(run).toMatchObject({ status: "succeeded", progress: { done: 2, total: 2 }, requestedBy: { email: "sre@agency.test" }, error: null });
    expect((run.outcome as { changes: { label: string; from: string }[] }).changes[0]).toMatchObject({ label: "circuit breaker (global)", from: "off" });
    const entries = await api.scratch.prisma.auditEntry.findMany({ where: { action: { startsWith: "procedure_run" } }, orderBy: { at: "asc" } });
    expect(entries.map((entry) => entry.action)).toEqual(["procedure_run.request", "procedure_run.succeed"]);
    // A procedure acts on the whole platform, not on the tenant its requester happens to work in.
    expect(entries.map((entry) => entry.tenantId)).toEqual([null, null]);
    expect(entries[1]?.before).toMatchObject({ procedure: "circuit-breaker", changes: expect.arrayContaining([{ label: "circuit breaker (global)", value: "off" }]) });
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "override.create" } })).toBe(1);
    const listed = await call("GET", "/api/v1/ops/emergency/procedures", "manager@agency.test");
    const card = (listed.body.procedures as Json[]).find((procedure) => procedure.id === "circuit-breaker");
    expect(card).toMatchObject({ activeRun: null, lastRun: { id: run.id, status: "succeeded" }, currentState: expect.stringContaining("on for global (owner sre@agency.test") });
  });
});

describe("circuit breaker: limit to core features", () => {
  test("non-core routes answer 503 with Retry-After; core routes keep working; deactivation restores them", async () => {
    expect((await call("POST", "/api/v1/modules/activations", "admin@agency.test", { modules: [] })).status).not.toBe(503);

    await activateBreaker({ action: "activate", scope: "global", retryAfterSeconds: 45 });

    const degraded = await call("POST", "/api/v1/modules/activations", "admin@agency.test", { modules: [] });
    expect(degraded.status).toBe(503);
    expect(degraded.headers.get("retry-after")).toBe("45");
    expect(degraded.headers.get("content-type")).toContain("application/problem+json");
    expect(degraded.body.code).toBe("unavailable");
    expect((await call("GET", "/api/v1/templates", "member@agency.test")).status).toBe(200);
    expect((await call("GET", "/api/v1/ops/emergency/procedures", "sre@agency.test")).status).toBe(200);
    expect((await call("GET", "/api/v1/circuit-breaker", "member@agency.test")).body).toMatchObject({ active: true, degradedAreas: expect.arrayContaining(["marketplace", "modules", "workflows"]) });
    const exposition = await (await api.app.request("/api/metrics")).text();
    expect(exposition).toMatch(/agency_circuit_breaker_rejections_total\{area="modules",tier="standard"\} [1-9]/);
    expect(exposition).toContain('agency_circuit_breaker_degraded{area="marketplace"} 1');

    const off = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", runBody({ action: "deactivate", scope: "global" }));
    expect((await settledRun(String(off.body.id))).status).toBe("succeeded");

    expect((await call("POST", "/api/v1/modules/activations", "admin@agency.test", { modules: [] })).status).not.toBe(503);
    expect((await call("GET", "/api/v1/circuit-breaker", "member@agency.test")).body).toMatchObject({ active: false, degradedAreas: [] });
  });

  test("a per-area activation degrades only that area", async () => {
    await activateBreaker({ action: "activate", scope: "workflows" });

    expect((await call("GET", "/api/v1/workflow-executions", "member@agency.test")).status).toBe(503);
    expect((await call("POST", "/api/v1/modules/activations", "admin@agency.test", { modules: [] })).status).not.toBe(503);
  });

  test("activating twice for one scope is refused by the preview's blocker (409)", async () => {
    await activateBreaker();
    const again = await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", runBody({ action: "activate", scope: "global" }));
    expect(again.status).toBe(409);
    expect(again.body.blockers).toEqual([expect.stringContaining("already on for all feature areas")]);
  });

  test("an activation past its expiry stops degrading at once, and the sweeper ends it with an audit entry", async () => {
    await activateBreaker();
    expect((await call("GET", "/api/v1/workflow-executions", "member@agency.test")).status).toBe(503);

    await api.scratch.prisma.emergencyOverride.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const { featureBreaker, OverrideSweeper } = await import("@/lib/emergency");
    const { db } = await import("@/lib/db/client");
    const sweep = await new OverrideSweeper(db().primary, { intervalMs: 60_000, reminderMinutes: 10 }).sweep();
    await featureBreaker().refresh();

    expect(sweep.ended.map((override) => override.scope)).toEqual(["global"]);
    expect((await call("GET", "/api/v1/workflow-executions", "member@agency.test")).status).toBe(200);
    expect(await api.scratch.prisma.emergencyOverride.findFirst()).toMatchObject({ endedBy: "expiry" });
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "override.expire" } })).toBe(1);
  });

  test("the owner is reminded once, shortly before the expiry", async () => {
    await activateBreaker();
    await api.scratch.prisma.emergencyOverride.updateMany({ data: { expiresAt: new Date(Date.now() + 5 * 60_000) } });
    const { OverrideSweeper } = await import("@/lib/emergency");
    const { db } = await import("@/lib/db/client");
    const sweeper = new OverrideSweeper(db().primary, { intervalMs: 60_000, reminderMinutes: 10 });

    expect((await sweeper.sweep()).reminded).toHaveLength(1);
    expect((await sweeper.sweep()).reminded).toHaveLength(0);
    const overrides = await call("GET", "/api/v1/ops/emergency/overrides", "manager@agency.test");
    expect((overrides.body.items as Json[])[0]).toMatchObject({ reminderDue: true, owner: { email: "sre@agency.test" } });
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "override.reminder" } })).toBe(1);
  });

  test("end now: an sre ends the override with a reason; a manager may not", async () => {
    await activateBreaker();
    const [override] = await api.scratch.prisma.emergencyOverride.findMany();

    expect((await call("POST", `/api/v1/ops/emergency/overrides/${override!.id}/end`, "manager@agency.test", { reason: "all clear" })).status).toBe(403);
    const ended = await call("POST", `/api/v1/ops/emergency/overrides/${override!.id}/end`, "admin@agency.test", { reason: "all clear" });

    expect(ended.status).toBe(200);
    expect(ended.body.items).toEqual([]);
    expect((await call("GET", "/api/v1/workflow-executions", "member@agency.test")).status).toBe(200);
    expect(await api.scratch.prisma.emergencyOverride.findFirst()).toMatchObject({ endedBy: "admin@agency.test", endReason: "all clear" });
  });
});

describe("two-person approval", () => {
  let restore: (() => void) | undefined;

  beforeAll(async () => {
    const { registerProcedure } = await import("@/lib/emergency/registry");
    // A procedure that needs a second approver, with a run that only counts.
    const previous = registerProcedure(
      {
        id: "replica-promotion",
        name: "Drill two person rule",
        description: "test",
        runbook: ["approve"],
        inputSchema: z.object({}),
        requiresSecondApproval: true,
        requiresDataLossAcknowledgement: true,
        preview: async () => ({ summary: "drill", changes: [{ label: "drill", from: "a", to: "b" }], warnings: [], blockers: [], estimatedSeconds: 1 }),
        run: async (_input, ctx) => ({ changes: [{ label: "drill", from: "a", to: "b" }], details: { approver: ctx.approver?.email ?? null } }),
      },
      { replace: true },
    );
    restore = () => previous && registerProcedure(previous, { replace: true });
  });

  afterAll(() => restore?.());

  const request = (email: string, extra: Record<string, unknown> = {}) =>
    call("POST", "/api/v1/ops/emergency/replica-promotion/runs", email, { input: {}, confirmation: "Drill two person rule", idempotencyKey: randomUUID(), dataLossAcknowledged: true, ...extra });

  test("without the data-loss acknowledgement the request is a 422 on that field", async () => {
    const refused = await request("sre@agency.test", { dataLossAcknowledged: undefined });
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.map((error) => error.path)).toEqual(["body.dataLossAcknowledged"]);
  });

  test("waits for a second sre/admin; the requester cannot approve; both are recorded", async () => {
    const requested = await request("sre@agency.test");
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe("awaiting_approval");
    const runId = String(requested.body.id);

    expect((await call("POST", `/api/v1/ops/emergency/runs/${runId}/approve`, "sre@agency.test")).status).toBe(403);
    expect((await call("POST", `/api/v1/ops/emergency/runs/${runId}/approve`, "manager@agency.test")).status).toBe(403);
    expect((await request("admin@agency.test")).status).toBe(409); // one at a time, while it waits too

    const approved = await call("POST", `/api/v1/ops/emergency/runs/${runId}/approve`, "admin@agency.test");
    expect(approved.status).toBe(200);
    const run = await settledRun(runId);

    expect(run).toMatchObject({ status: "succeeded", requestedBy: { email: "sre@agency.test" }, approvedBy: { email: "admin@agency.test" }, outcome: { details: { approver: "admin@agency.test" } } });
    expect((await call("POST", `/api/v1/ops/emergency/runs/${runId}/approve`, "admin@agency.test")).status).toBe(409);
    const approval = await api.scratch.prisma.auditEntry.findFirstOrThrow({ where: { action: "procedure_run.approve" } });
    expect(approval).toMatchObject({ actorEmail: "admin@agency.test", after: { approvedBy: "admin@agency.test", requestedBy: "sre@agency.test" } });
  });

  test("a waiting run can be cancelled, which frees the procedure", async () => {
    const requested = await request("sre@agency.test");
    const cancelled = await call("POST", `/api/v1/ops/emergency/runs/${String(requested.body.id)}/cancel`, "admin@agency.test");

    expect(cancelled.body).toMatchObject({ status: "failed", error: "cancelled by admin@agency.test" });
    expect((await request("admin@agency.test")).status).toBe(202);
  });
});

describe("abandoned runs", () => {
  test("a run whose instance died is failed by the sweeper, which frees its procedure", async () => {
    const sre = await api.scratch.prisma.user.findUniqueOrThrow({ where: { email: "sre@agency.test" } });
    const orphan = await api.scratch.prisma.procedureRun.create({
      data: {
        procedure: "circuit-breaker",
        input: {},
        preview: { summary: "", changes: [], warnings: [], blockers: [], estimatedSeconds: null },
        status: "running",
        requestedByUserId: sre.id,
        requestedByEmail: sre.email,
        idempotencyKey: randomUUID(),
        requestId: "test",
      },
    });
    const { RunSweeper } = await import("@/lib/emergency");
    const { db } = await import("@/lib/db/client");
    const sweeper = new RunSweeper(db().primary, 60_000);

    expect(await sweeper.sweep()).toEqual([]); // still beating, as far as anyone can tell
    await api.scratch.prisma.$executeRaw`update procedure_run set "updatedAt" = now() - interval '2 minutes' where id = ${orphan.id}::uuid`;

    expect(await sweeper.sweep()).toEqual([orphan.id]);
    expect(await api.scratch.prisma.procedureRun.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "failed", error: expect.stringContaining("its instance stopped") });
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "procedure_run.abandon" } })).toBe(1);
    expect((await call("POST", "/api/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", runBody({ action: "activate" }))).status).toBe(202);
  });
});

describe("GET /api/v1/ops/emergency/runs", () => {
  test("pages through the history newest first", async () => {
    await activateBreaker({ action: "activate", scope: "modules" });
    await activateBreaker({ action: "activate", scope: "workflows" });
    await activateBreaker({ action: "activate", scope: "marketplace" });

    const first = await call("GET", "/api/v1/ops/emergency/runs?limit=2", "manager@agency.test");
    const second = await call("GET", `/api/v1/ops/emergency/runs?limit=2&cursor=${String(first.body.nextCursor)}`, "manager@agency.test");

    const scopes = [...(first.body.items as Json[]), ...(second.body.items as Json[])].map((run) => (run.input as { scope: string }).scope);
    expect(scopes).toEqual(["marketplace", "workflows", "modules"]);
    expect(second.body.nextCursor).toBeNull();
    expect((await call("GET", "/api/v1/ops/emergency/runs?cursor=nonsense", "manager@agency.test")).status).toBe(400);
  });
});
