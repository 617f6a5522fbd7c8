import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import type { ScratchDatabase } from "./support/databases";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";
import { resetAuditLog } from "./support/audit-log";

let api: InProcessApp;
let scratch: ScratchDatabase;

beforeAll(async () => {
  api = await startInProcessApp("autoscaling_api", { APP_MIN_INSTANCES: "1", APP_MAX_INSTANCES: "4" });
  scratch = api.scratch;
});

afterAll(async () => api?.close());

beforeEach(async () => {
  await resetAuditLog(scratch.prisma, "autoscaling_policy");
});

async function call(method: string, path: string, email: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: { cookie: await api.cookieFor(email), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  return { status: response.status, headers: response.headers, text, body: (isJson ? JSON.parse(text) : {}) as Record<string, unknown> & { errors?: { path: string; message: string }[] } };
}

const PATH = "/api/v1/ops/autoscaling/policy";
const withCpuTarget = (percent: number) => ({
  ...DEFAULT_HPA_POLICY,
  minReplicas: 2,
  maxReplicas: 8,
  metrics: [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: percent } } },
    DEFAULT_HPA_POLICY.metrics[1],
  ],
});
// Sign-ins and refusals are audited too (auth.*, authz.*); these tests count the policy's own entries.
const auditCount = () => scratch.prisma.auditEntry.count({ where: { NOT: { action: { startsWith: "auth" } } } });

describe("GET /api/v1/ops/autoscaling/policy", () => {
  test("returns the guide's policy sized to the local limits until one is saved", async () => {
    const response = await call("GET", PATH, "manager@agency.test");

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      source: "default",
      updatedAt: null,
      updatedBy: null,
      policy: { minReplicas: 1, maxReplicas: 4, metrics: DEFAULT_HPA_POLICY.metrics, behavior: { scaleUp: DEFAULT_HPA_POLICY.behavior?.scaleUp } },
      localLimits: { minReplicas: 1, maxReplicas: 4 },
      effective: { minReplicas: 1, maxReplicas: 4 },
      permissions: { canEdit: false, reason: "only SREs and admins can change the autoscaling policy" },
    });
  });
});

describe("PUT /api/v1/ops/autoscaling/policy", () => {
  test("an sre saves a policy; exactly one audit entry records before and after; min/max are clamped where they run", async () => {
    const response = await call("PUT", PATH, "sre@agency.test", withCpuTarget(60));

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ source: "stored", updatedBy: "sre@agency.test", policy: withCpuTarget(60), effective: { minReplicas: 2, maxReplicas: 4 }, permissions: { canEdit: true } });
    const entries = await scratch.prisma.auditEntry.findMany({ where: { NOT: { action: { startsWith: "auth" } } } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorEmail: "sre@agency.test",
      tenantId: null,
      action: "autoscaling_policy.update",
      target: "autoscaling_policy:default",
      before: { minReplicas: 1, maxReplicas: 4 },
      after: withCpuTarget(60),
      requestId: response.headers.get("x-request-id"),
    });
    expect(response.body.audit).toEqual({ id: entries[0]!.id, at: entries[0]!.at.toISOString() });
    expect((await call("GET", PATH, "manager@agency.test")).body).toMatchObject({ source: "stored", policy: withCpuTarget(60) });
  });

  test("saving the same policy again writes no audit entry", async () => {
    await call("PUT", PATH, "admin@agency.test", withCpuTarget(60));
    const again = await call("PUT", PATH, "sre@agency.test", withCpuTarget(60));

    expect(again.status).toBe(200);
    expect(again.body.audit).toBeNull();
    expect(await auditCount()).toBe(1);
  });

  test("answers 400 with field errors for an invalid policy, and saves nothing", async () => {
    const invalid = { ...withCpuTarget(0), minReplicas: 5, maxReplicas: 3, behavior: { scaleUp: { stabilizationWindowSeconds: 4000, policies: [{ type: "Pods", value: 4, periodSeconds: 2000 }] } } };
    const response = await call("PUT", PATH, "sre@agency.test", invalid);

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.body.errors?.map((error) => error.path).sort()).toEqual([
      "json.behavior.scaleUp.policies.0.periodSeconds",
      "json.behavior.scaleUp.stabilizationWindowSeconds",
      "json.maxReplicas",
      "json.metrics.0.resource.target.averageUtilization",
    ]);
    expect(await auditCount()).toBe(0);
    expect(await scratch.prisma.autoscalingPolicy.count()).toBe(0);
  });

  test("answers 400 on maxReplicas below minReplicas", async () => {
    const response = await call("PUT", PATH, "sre@agency.test", { ...withCpuTarget(60), minReplicas: 5, maxReplicas: 3 });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: "json.maxReplicas", message: "must be at least minReplicas" }]);
  });

  test("answers 422 with a field error when two metrics target the same resource", async () => {
    const policy = withCpuTarget(60);
    const response = await call("PUT", PATH, "sre@agency.test", { ...policy, metrics: [policy.metrics[0], policy.metrics[0]] });

    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ path: "json.metrics.1.resource.name", message: expect.stringContaining("cpu already has a target") }]);
    expect(await auditCount()).toBe(0);
  });

  test.each(["viewer@agency.test", "manager@agency.test", "member@agency.test", "lead@copperleaf.test"])("answers 403 to %s and saves nothing", async (email) => {
    const response = await call("PUT", PATH, email, withCpuTarget(60));

    expect(response.status).toBe(403);
    expect(await auditCount()).toBe(0);
    expect(await scratch.prisma.autoscalingPolicy.count()).toBe(0);
  });
});

describe("GET /api/v1/ops/exports/hpa and /api/v1/ops/autoscaling/history", () => {
  test("exports the HorizontalPodAutoscaler of the saved policy as YAML", async () => {
    await call("PUT", PATH, "sre@agency.test", withCpuTarget(60));
    const response = await call("GET", "/api/v1/ops/exports/hpa", "manager@agency.test");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/yaml");
    expect(response.text).toMatch(/^apiVersion: autoscaling\/v2\nkind: HorizontalPodAutoscaler\n/);
    expect(response.text).toContain("averageUtilization: 60");
    expect(response.text).toContain("maxReplicas: 8");
    expect(response.text).not.toMatch(/^kind: (Deployment|Service)$/m);
  });

  test("returns usage per 15 s step in the autoscaler's units", async () => {
    const now = Date.now();
    const at = new Date(Math.floor(now / 15_000) * 15_000 - 60_000);
    await scratch.prisma.$executeRaw`insert into metric_sample (series, t, value) values ('cpu_utilization', ${at}, 0.5), ('memory_utilization', ${at}, 0.25), ('instances', ${at}, 2)`;
    const response = await call("GET", "/api/v1/ops/autoscaling/history?range=15m", "sre@agency.test");

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ range: "15m", stepSeconds: 15, requests: { cpuMilliPerInstance: 1000 } });
    const points = response.body.points as [number, number, number, number | null][];
    expect(points).toHaveLength(1);
    expect(points[0]![0]).toBe(at.getTime());
    expect(points[0]![1]).toBeGreaterThan(0);
    expect(points[0]![3]).toBe(2);
  });
});

describe("the running autoscaler's policy source", () => {
  test("reads the default until a policy is saved, then the saved one with min/max clamped to the local limits", async () => {
    const { storedPolicySource, localAutoscalingPolicy } = await import("@/lib/autoscaling/policy-store");
    const source = storedPolicySource(scratch.prisma, localAutoscalingPolicy);
    expect(await source()).toEqual(localAutoscalingPolicy());

    await call("PUT", PATH, "sre@agency.test", withCpuTarget(60));
    expect(await source()).toEqual({ ...withCpuTarget(60), minReplicas: 2, maxReplicas: 4 });
  });
});
