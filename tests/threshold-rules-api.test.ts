import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { ScratchDatabase } from "./support/databases";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { resetAuditLog } from "./support/audit-log";

let api: InProcessApp;
let scratch: ScratchDatabase;

beforeAll(async () => {
  api = await startInProcessApp("rules_api");
  scratch = api.scratch;
});

afterAll(async () => api?.close());

beforeEach(async () => {
  await resetAuditLog(scratch.prisma, "scaling_alert_transition");
  await scratch.prisma.scalingRule.update({ where: { id: "db-pool-saturated" }, data: { threshold: 80, forSeconds: 120, keepFiringForSeconds: 300, severity: "critical", enabled: true } });
});

async function call(method: string, path: string, email: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> & { errors?: { path: string; message: string }[] } };
}

const VALID = { threshold: 75, forSeconds: 180, keepFiringForSeconds: 300, severity: "critical", enabled: true };
// Sign-ins and refusals are audited too (auth.*, authz.*); these tests count the rules' own entries.
const auditCount = () => scratch.prisma.auditEntry.count({ where: { NOT: { action: { startsWith: "auth" } } } });

describe("PUT /api/v1/ops/rules/{id}", () => {
  test("an sre changes the DB pool threshold and exactly one audit entry records before and after", async () => {
    const response = await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "sre@agency.test", VALID);

    expect(response.status).toBe(200);
    expect(response.body.rule).toMatchObject({ id: "db-pool-saturated", threshold: 75, forSeconds: 180, unit: "percent", signal: "db_pool_utilization" });
    const entries = await scratch.prisma.auditEntry.findMany({ where: { NOT: { action: { startsWith: "auth" } } } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorEmail: "sre@agency.test",
      tenantId: null,
      action: "scaling_rule.update",
      target: "scaling_rule:db-pool-saturated",
      before: { threshold: 80, forSeconds: 120, keepFiringForSeconds: 300, severity: "critical", enabled: true },
      after: VALID,
      requestId: response.headers.get("x-request-id"),
    });
    expect(response.body.audit).toEqual({ id: entries[0]!.id, at: entries[0]!.at.toISOString() });
    expect(await scratch.prisma.scalingRule.findUniqueOrThrow({ where: { id: "db-pool-saturated" } })).toMatchObject({ threshold: 75, forSeconds: 180 });
  });

  test("an admin may change a rule; saving unchanged values writes no audit entry", async () => {
    expect((await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "admin@agency.test", VALID)).status).toBe(200);
    const again = await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "admin@agency.test", VALID);

    expect(again.status).toBe(200);
    expect(again.body.audit).toBeNull();
    expect(await auditCount()).toBe(1);
  });

  test("answers 400 with field errors for an invalid body, and changes nothing", async () => {
    const response = await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "sre@agency.test", { threshold: "high", forSeconds: -5, keepFiringForSeconds: 1.5, severity: "fatal", enabled: true, metric: "cpu_utilization_percent" });

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.errors?.map((error) => error.path).sort()).toEqual(["json", "json.forSeconds", "json.keepFiringForSeconds", "json.severity", "json.threshold"]);
    expect(await auditCount()).toBe(0);
  });

  test("answers 422 with a threshold field error for a percentage above 100", async () => {
    const response = await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "sre@agency.test", { ...VALID, threshold: 150 });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ path: "json.threshold", message: expect.stringContaining("between 0 and 100") }]);
    expect(await auditCount()).toBe(0);
  });

  test.each(["member@agency.test", "lead@copperleaf.test", "viewer@agency.test", "manager@agency.test"])("answers 403 to %s and writes nothing", async (email) => {
    const response = await call("PUT", "/api/v1/ops/rules/db-pool-saturated", email, VALID);

    expect(response.status).toBe(403);
    expect(await auditCount()).toBe(0);
    expect(await scratch.prisma.scalingRule.findUniqueOrThrow({ where: { id: "db-pool-saturated" } })).toMatchObject({ threshold: 80 });
  });

  test("answers 404 for an unknown rule and writes no audit entry", async () => {
    expect((await call("PUT", "/api/v1/ops/rules/no-such-rule", "sre@agency.test", VALID)).status).toBe(404);
    expect(await auditCount()).toBe(0);
  });

  test("a failing update leaves no audit entry, and a failing audit write leaves the rule unchanged", async () => {
    await scratch.prisma.$executeRawUnsafe(`create function fail_write() returns trigger language plpgsql as $$ begin raise exception 'write refused by test'; end $$`);
    try {
      await scratch.prisma.$executeRawUnsafe(`create trigger refuse_rule_update before update on scaling_rule for each row execute function fail_write()`);
      expect((await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "sre@agency.test", VALID)).status).toBe(500);
      expect(await auditCount()).toBe(0);
      await scratch.prisma.$executeRawUnsafe(`drop trigger refuse_rule_update on scaling_rule`);

      await scratch.prisma.$executeRawUnsafe(`create trigger refuse_audit before insert on audit_entry for each row execute function fail_write()`);
      expect((await call("PUT", "/api/v1/ops/rules/db-pool-saturated", "sre@agency.test", VALID)).status).toBe(500);
      expect(await scratch.prisma.scalingRule.findUniqueOrThrow({ where: { id: "db-pool-saturated" } })).toMatchObject({ threshold: 80, forSeconds: 120 });
    } finally {
      await scratch.prisma.$executeRawUnsafe(`drop function fail_write() cascade`);
    }
    expect(await auditCount()).toBe(0);
  });
});

describe("GET /api/v1/ops/rules", () => {
  test("a manager reads the four default rules with their alert state, and may not edit them", async () => {
    const now = Date.now();
    await scratch.prisma.scalingRuleAlert.upsert({
      where: { ruleId: "cpu-high" },
      create: { ruleId: "cpu-high", state: "pending", activeAt: new Date(now - 60_000), value: 91, evaluatedAt: new Date(now - 5_000) },
      update: { state: "pending", activeAt: new Date(now - 60_000), value: 91, evaluatedAt: new Date(now - 5_000) },
    });
    await scratch.prisma.scalingAlertTransition.createMany({
      data: [
        { ruleId: "cpu-high", at: new Date(now - 3 * 3_600_000), fromState: "inactive", toState: "pending", value: 75 },
        { ruleId: "cpu-high", at: new Date(now - 2 * 3_600_000), fromState: "pending", toState: "inactive", value: 60 },
        { ruleId: "cpu-high", at: new Date(now - 60_000), fromState: "inactive", toState: "pending", value: 91 },
      ],
    });

    const response = await call("GET", "/api/v1/ops/rules", "manager@agency.test");

    expect(response.status).toBe(200);
    expect(response.body.permissions).toEqual({ canEdit: false, reason: "only SREs and admins can change rules" });
    const rules = response.body.rules as { id: string; alert: { state: string; value: number | null }; flapScore: number }[];
    expect(rules.map((rule) => rule.id).sort()).toEqual(["cpu-high", "db-pool-saturated", "memory-high", "p95-latency-high"]);
    const cpu = rules.find((rule) => rule.id === "cpu-high")!;
    expect(cpu.alert).toMatchObject({ state: "pending", value: 91 });
    expect(cpu.flapScore).toBeCloseTo(3 / 24, 2);
    expect(rules.find((rule) => rule.id === "memory-high")!.alert).toMatchObject({ state: "inactive", value: null, evaluatedAt: null });
  });

  test("answers 403 to a tenant member and a tenant admin", async () => {
    expect((await call("GET", "/api/v1/ops/rules", "member@agency.test")).status).toBe(403);
    expect((await call("GET", "/api/v1/ops/rules", "lead@copperleaf.test")).status).toBe(403);
  });
});

describe("GET /api/v1/ops/rules/{id}/history", () => {
  test("lists the range's transitions, oldest first, with the state the range began in", async () => {
    const now = Date.now();
    await scratch.prisma.scalingAlertTransition.createMany({
      data: [
        { ruleId: "memory-high", at: new Date(now - 2 * 3_600_000), fromState: "inactive", toState: "pending", value: 85 },
        { ruleId: "memory-high", at: new Date(now - 30 * 60_000), fromState: "pending", toState: "firing", value: 88 },
        { ruleId: "memory-high", at: new Date(now - 10 * 60_000), fromState: "firing", toState: "inactive", value: 70 },
      ],
    });

    const response = await call("GET", "/api/v1/ops/rules/memory-high/history?range=1h", "sre@agency.test");

    expect(response.status).toBe(200);
    expect(response.body.initialState).toBe("pending");
    expect((response.body.transitions as { from: string; to: string; value: number }[]).map(({ from, to, value }) => [from, to, value])).toEqual([
      ["pending", "firing", 88],
      ["firing", "inactive", 70],
    ]);
    expect((await call("GET", "/api/v1/ops/rules/memory-high/history?range=2d", "sre@agency.test")).status).toBe(400);
    expect((await call("GET", "/api/v1/ops/rules/nope/history", "sre@agency.test")).status).toBe(404);
  });
});
