import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyAuditChain } from "@/lib/audit";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { makeStepUpStale } from "./support/stale-step-up";

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("checklist_api", { LOG_LEVEL: "error" });
});
afterAll(async () => api?.close());

const SRE = "sre@agency.test";
const MANAGER = "manager@agency.test";
const MEMBER = "member@agency.test";
/** Copperleaf's admin: a customer's admin role never opens the control plane. */
const TENANT_ADMIN = "lead@copperleaf.test";

type Item = { key: string; done: boolean; check: string | null; note: string | null; link: string | null; verification: { passed: boolean; detail: string; window: unknown; value: unknown; at: string } | null; metrics: { metrics: unknown[] } | null };
type Run = { id: string; kind: string; revision: number; status: string; openItems: string[]; items: Item[]; evidenceDigest: string | null; digestMatches: boolean | null; signedBy: string | null; reopenReason: string | null; signAuditId: string | null };
type Detail = { event: { id: string }; progress: { done: number; total: number; signed: number }; checklists: { kind: string; current: Run; history: Run[] }[]; permissions: Record<string, unknown> };
type Problem = { detail: string; code: string; errors?: { path: string; message: string }[]; openItems?: string[]; verification?: { detail: string } };

async function call<T = Record<string, unknown>>(method: string, path: string, email: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  return { status: response.status, text, body: (isJson ? JSON.parse(text) : {}) as T & Problem };
}

async function openEvent(reason = "Black Friday: 2 → 3 instances"): Promise<Detail> {
  const created = await call<Detail>("POST", "/api/v1/ops/scaling-events", SRE, { reason });
  expect(created.status).toBe(201);
  return created.body;
}

const runOf = (detail: Detail, kind: string) => detail.checklists.find((checklist) => checklist.kind === kind)!.current;
const tick = (runId: string, key: string, body: Record<string, unknown> = {}, email = SRE) => call<Run>("PUT", `/api/v1/ops/checklist-runs/${runId}/items/${key}`, email, { done: true, ...body });
const signOff = (runId: string, email = MANAGER) => call<Run>("POST", `/api/v1/ops/checklist-runs/${runId}/sign-off`, email);

async function tickAll(run: Run): Promise<void> {
  for (const item of run.items) expect((await tick(run.id, item.key, { note: `done: ${item.key}` })).status).toBe(200);
}

/** Four minutes of samples, so the autoscaling check has history to replay. */
async function writeMetricHistory(): Promise<void> {
  await api.scratch.prisma.$executeRaw`
    insert into metric_sample (series, t, value)
    select s.series, now() - make_interval(secs => g * 15), s.value
    from generate_series(0, 16) g, (values ('cpu_utilization', 0.4), ('memory_utilization', 0.3), ('instances', 2)) s(series, value)
    on conflict do nothing`;
}

describe("POST /api/v1/ops/scaling-events", () => {
  test("an sre opens an event with the guide's three checklists (5, 6 and 5 items), audited", async () => {
    const detail = await openEvent();

    expect(detail.checklists.map((checklist) => [checklist.kind, checklist.current.revision, checklist.current.status, checklist.current.items.length])).toEqual([
      ["pre_scaling", 1, "open", 5],
      ["implementation", 1, "open", 6],
      ["post_scaling", 1, "open", 5],
    ]);
    expect(detail.progress).toMatchObject({ done: 0, total: 16, signed: 0 });
    expect(runOf(detail, "implementation").items.filter((item) => item.check).map((item) => item.key)).toEqual(["autoscaling-tested", "monitoring-updated"]);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "scaling_event.open", target: `scaling_event:${detail.event.id}` } })).toBe(1);
  });

  test("a member and a manager cannot open one (403); a bad body is a 400 naming the field", async () => {
    expect((await call("POST", "/api/v1/ops/scaling-events", MEMBER, { reason: "nope" })).status).toBe(403);
    expect((await call("POST", "/api/v1/ops/scaling-events", MANAGER, { reason: "nope" })).status).toBe(403);
    const bad = await call("POST", "/api/v1/ops/scaling-events", SRE, { reason: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe("json.reason");
  });
});

describe("sign-off", () => {
  test("sre, member and a tenant admin get 403, each refusal audited; an incomplete checklist is a 422 naming the open items", async () => {
    const run = runOf(await openEvent(), "pre_scaling");
    await tick(run.id, "metrics-analyzed", { attachMetrics: true });

    for (const email of [SRE, MEMBER, TENANT_ADMIN]) {
      const refused = await signOff(run.id, email);
      expect(refused.status, email).toBe(403);
      expect(await api.scratch.prisma.auditEntry.count({ where: { action: "authz.denied", actorEmail: email, target: `POST /api/v1/ops/checklist-runs/${run.id}/sign-off` } })).toBe(1);
    }

    const incomplete = await signOff(run.id);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.openItems).toEqual(["bottlenecks-identified", "strategy-documented", "resources-calculated", "budget-approved"]);
    expect(incomplete.body.errors?.map((error) => error.path)).toEqual(["items.bottlenecks-identified", "items.strategy-documented", "items.resources-calculated", "items.budget-approved"]);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "checklist.sign_off" } })).toBe(0);
  });

  test("a manager signs a completed checklist: evidence digest in the audit chain, then read-only (409), and the database refuses changes too", async () => {
    const run = runOf(await openEvent(), "pre_scaling");
    await tickAll(run);
    expect((await tick(run.id, "bottlenecks-identified", { link: "https://wiki.example/bottlenecks", attachMetrics: true })).body.items[1]).toMatchObject({ link: "https://wiki.example/bottlenecks", metrics: { metrics: expect.any(Array) } });

    const signed = await signOff(run.id);

    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: "signed", signedBy: MANAGER, digestMatches: true, openItems: [] });
    expect(signed.body.evidenceDigest).toMatch(/^[0-9a-f]{64}$/);
    const entry = await api.scratch.prisma.auditEntry.findFirstOrThrow({ where: { action: "checklist.sign_off", target: `checklist_run:${run.id}` } });
    expect(entry.id).toBe(signed.body.signAuditId);
    expect(entry.after).toMatchObject({ evidenceDigest: signed.body.evidenceDigest, revision: 1, kind: "pre_scaling" });
    expect((await verifyAuditChain(api.scratch.prisma)).ok).toBe(true);

    const edit = await tick(run.id, "budget-approved", { note: "changed my mind" });
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toMatch(/signed by manager@agency\.test .* read-only/);
    expect((await call("PUT", `/api/v1/ops/checklist-runs/${run.id}/items/budget-approved`, SRE, { done: false })).status).toBe(409);
    expect((await signOff(run.id)).status).toBe(409);
    await expect(api.scratch.prisma.checklistItem.updateMany({ where: { runId: run.id }, data: { note: "sneaky" } })).rejects.toThrow(/read-only/);
    await expect(api.scratch.prisma.checklistRun.update({ where: { id: run.id }, data: { evidenceDigest: "0" } })).rejects.toThrow(/read-only/);
  });

  test("a manager whose password was entered long ago must re-enter it first (403 step_up_required)", async () => {
    const run = runOf(await openEvent(), "pre_scaling");
    await tickAll(run);
    await makeStepUpStale(api, MANAGER);
    try {
      const refused = await signOff(run.id);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("step_up_required");
      expect((await api.scratch.prisma.checklistRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("open");
    } finally {
      await api.scratch.prisma.$executeRaw`update session set "createdAt" = now() where "userId" = (select id from "user" where email = ${MANAGER})`;
    }
  });

  test("re-opening a signed checklist creates revision 2 with the reason; revision 1 stays signed and the history shows both", async () => {
    const detail = await openEvent();
    const run = runOf(detail, "post_scaling");
    await call("POST", "/api/v1/ops/load-tests", SRE, { name: "k6 baseline", requestsPerSecond: 850, p95Seconds: 0.4, errorRatio: 0.001, durationSeconds: 300 });
    await call("POST", "/api/v1/ops/drills", SRE, { kind: "replica_failure", succeeded: true, summary: "stopped replica1; reads moved to the primary" });
    for (const item of run.items) {
      const response = item.check ? await call<Run>("POST", `/api/v1/ops/checklist-runs/${run.id}/items/${item.key}/verify`, SRE) : await tick(run.id, item.key);
      expect(response.status, item.key).toBe(200);
    }
    expect((await signOff(run.id)).status).toBe(200);

    expect((await call("POST", `/api/v1/ops/checklist-runs/${run.id}/reopen`, MEMBER, { reason: "costs changed" })).status).toBe(403);
    const reopened = await call<Run>("POST", `/api/v1/ops/checklist-runs/${run.id}/reopen`, MANAGER, { reason: "cost review missed the new replica" });
    expect(reopened.status).toBe(201);
    expect(reopened.body).toMatchObject({ revision: 2, status: "open", reopenReason: "cost review missed the new replica", evidenceDigest: null });
    expect(reopened.body.items.every((item) => item.done)).toBe(true);

    expect((await tick(run.id, "cost-reviewed", { note: "x" })).status).toBe(409);
    expect((await call("POST", `/api/v1/ops/checklist-runs/${run.id}/reopen`, MANAGER, { reason: "again" })).status).toBe(409);
    expect((await call("PUT", `/api/v1/ops/checklist-runs/${reopened.body.id}/items/cost-reviewed`, SRE, { done: false })).status).toBe(200);

    const after = await call<Detail>("GET", `/api/v1/ops/scaling-events/${detail.event.id}`, MANAGER);
    const history = after.body.checklists.find((checklist) => checklist.kind === "post_scaling")!;
    expect(history.history.map((revision) => [revision.revision, revision.status])).toEqual([[1, "signed"], [2, "open"]]);
    expect(history.current).toMatchObject({ revision: 2, openItems: ["cost-reviewed"] });

    const markdown = await call("GET", `/api/v1/ops/scaling-events/${detail.event.id}/export.md`, MANAGER);
    expect(markdown.status).toBe(200);
    expect(markdown.text).toContain("## Post-scaling validation");
    expect(markdown.text).toContain("revision 2");
    expect(markdown.text).toMatch(/revision 1 \(superseded\)\n\n5\/5 done; signed by manager@agency\.test/);
    expect(markdown.text).toContain("Re-opened by manager@agency.test");
  });
});

describe("items the system verifies", () => {
  test("cannot be ticked by hand, and verify freezes the live evidence or answers 422 with what was missing", async () => {
    const detail = await openEvent();
    const implementation = runOf(detail, "implementation");
    const post = runOf(detail, "post_scaling");

    const manual = await tick(implementation.id, "monitoring-updated");
    expect(manual.status).toBe(422);
    expect(manual.body.errors).toEqual([{ path: "json.done", message: "is verified from live data: use verify instead of ticking it" }]);

    const rules = await call<Run>("POST", `/api/v1/ops/checklist-runs/${implementation.id}/items/monitoring-updated/verify`, SRE);
    expect(rules.status).toBe(200);
    expect(rules.body.items.find((item) => item.key === "monitoring-updated")).toMatchObject({ done: true, verification: { passed: true, detail: expect.stringMatching(/cover CPU, memory, DB pool and p95/) } });

    const noHistory = await call("POST", `/api/v1/ops/checklist-runs/${implementation.id}/items/autoscaling-tested/verify`, SRE);
    expect(noHistory.status).toBe(422);
    await writeMetricHistory();
    const simulated = await call<Run>("POST", `/api/v1/ops/checklist-runs/${implementation.id}/items/autoscaling-tested/verify`, SRE);
    expect(simulated.status).toBe(200);
    const frozen = simulated.body.items.find((item) => item.key === "autoscaling-tested")!.verification!;
    expect(frozen.window).toEqual({ from: expect.any(String), to: expect.any(String) });
    expect(frozen.value).toMatchObject({ policySource: "default", steps: expect.any(Number) });

    await api.scratch.prisma.$executeRaw`update drill set at = now() - interval '1 day'`;
    const noDrill = await call("POST", `/api/v1/ops/checklist-runs/${post.id}/items/failover-tested/verify`, SRE);
    expect(noDrill.status).toBe(422);
    expect(noDrill.body.detail).toMatch(/no successful failover drill since the scaling event opened/);

    await call("POST", "/api/v1/ops/load-tests", SRE, { name: "slow run", requestsPerSecond: 100, p95Seconds: 3.5, errorRatio: 0, durationSeconds: 60 });
    const slow = await call("POST", `/api/v1/ops/checklist-runs/${post.id}/items/benchmarks-rerun/verify`, SRE);
    expect(slow.status).toBe(422);
    expect(slow.body.detail).toMatch(/missed the bar/);
    expect(slow.body.verification?.detail).toMatch(/p95 3.5 s/);
  });

  test("a tick on an item that a plain tick cannot verify, or an unknown item, is refused cleanly", async () => {
    const run = runOf(await openEvent(), "pre_scaling");
    expect((await call("POST", `/api/v1/ops/checklist-runs/${run.id}/items/budget-approved/verify`, SRE)).status).toBe(422);
    expect((await tick(run.id, "no-such-item")).status).toBe(404);
    expect((await tick("00000000-0000-4000-8000-000000000000", "budget-approved")).status).toBe(404);
    const badLink = await tick(run.id, "budget-approved", { link: "javascript:alert(1)" });
    expect(badLink.status).toBe(400);
    expect(badLink.body.errors?.[0]?.path).toBe("json.link");
  });
});

describe("GET /api/v1/ops/scaling-events", () => {
  test("pages newest first with progress per checklist", async () => {
    const first = await call<{ items: { id: string; progress: { total: number } }[]; nextCursor: string | null }>("GET", "/api/v1/ops/scaling-events?limit=2", MANAGER);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]!.progress.total).toBe(16);
    const second = await call<{ items: { id: string }[] }>("GET", `/api/v1/ops/scaling-events?limit=2&cursor=${first.body.nextCursor}`, MANAGER);
    expect(second.body.items.map((item) => item.id)).not.toContain(first.body.items[0]!.id);
    expect((await call("GET", "/api/v1/ops/scaling-events", MEMBER)).status).toBe(403);
  });
});
