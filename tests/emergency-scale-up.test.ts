import { randomUUID } from "node:crypto";
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { Supervisor } from "@/lib/cluster/supervisor";
import type { ProcedureProgress, ProcedureRunContext } from "@/lib/emergency/procedure";
import { LocalOrchestrator } from "@/lib/capacity/orchestrators/local";
import { DEFAULT_HPA_POLICY } from "@/lib/scaling/default-hpa-policy";
import { findFreePort } from "@/scripts/embedded-cluster";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

// The immediate scale-up against both orchestrators: the local one over real processes (a
// node:cluster supervisor forking small servers), and the Kubernetes one against a stub API server
// ("contract": no cluster runs here; the stub answers like the API server and records requests).
const NS = "shop";
const SCALE_PATH = `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`;
const HPA_PATH = `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/web-hpa`;

let scratch: ScratchDatabase;
let tempDir: string;
let stub: http.Server;
let requests: { method: string; path: string; body: unknown }[] = [];
let scale = { replicas: 3, resourceVersion: "100" };
let hpa = { minReplicas: 2, maxReplicas: 10, annotations: {} as Record<string, string>, resourceVersion: "200" };

function answerKubernetes(req: http.IncomingMessage, raw: string): { status: number; body: object } {
  const pathname = new URL(req.url ?? "/", "http://stub").pathname;
  const patch = (raw ? JSON.parse(raw) : {}) as { metadata?: { annotations?: Record<string, string | null> }; spec?: { replicas?: number; minReplicas?: number } };
  requests.push({ method: req.method ?? "", path: pathname, body: raw ? patch : undefined });
  if (pathname === SCALE_PATH && req.method === "PATCH") scale = { replicas: patch.spec?.replicas ?? scale.replicas, resourceVersion: `${Number(scale.resourceVersion) + 1}` };
  if (pathname === HPA_PATH && req.method === "PATCH") {
    const annotations: Record<string, string | null> = { ...hpa.annotations, ...patch.metadata?.annotations };
    for (const [key, value] of Object.entries(annotations)) if (value === null) delete annotations[key];
    hpa = { ...hpa, minReplicas: patch.spec?.minReplicas ?? hpa.minReplicas, annotations: annotations as Record<string, string>, resourceVersion: `${Number(hpa.resourceVersion) + 1}` };
  }
  // The stub's Deployment is ready at once: status.replicas follows spec.replicas.
  if (pathname === SCALE_PATH) return { status: 200, body: { kind: "Scale", metadata: { name: "web", namespace: NS, resourceVersion: scale.resourceVersion }, spec: { replicas: scale.replicas }, status: { replicas: scale.replicas } } };
  if (pathname === HPA_PATH) {
    return {
      status: 200,
      body: { kind: "HorizontalPodAutoscaler", metadata: { name: "web-hpa", namespace: NS, resourceVersion: hpa.resourceVersion, annotations: hpa.annotations }, spec: { minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas, scaleTargetRef: { kind: "Deployment", name: "web" } } },
    };
  }
  return { status: 404, body: { kind: "Status", code: 404 } };
}

function runContext(progress: ProcedureProgress[] = []): ProcedureRunContext {
  return {
    runId: randomUUID(),
    actor: { userId: "sre-user", email: "sre@agency.test" },
    approver: null,
    requestId: randomUUID(),
    signal: new AbortController().signal,
    progress: async (update) => void progress.push(update),
  };
}

const previewContext = { actor: { userId: "sre-user", email: "sre@agency.test" } };

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "emergency-scale-up-"));
  const port = await findFreePort();
  stub = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const { status, body } = answerKubernetes(req, raw);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => stub.listen(port, "127.0.0.1", resolve));
  const kubeconfig = path.join(tempDir, "kubeconfig.yaml");
  fs.writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      `clusters: [{ name: stub, cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true } }]`,
      "users: [{ name: u, user: { token: t } }]",
      "contexts: [{ name: c, context: { cluster: stub, user: u } }]",
      "current-context: c",
    ].join("\n"),
  );
  scratch = await createMigratedDatabase(inject("databaseUrl"), "scaleup");
  delete process.env.REDIS_URL;
  delete process.env.DATABASE_REPLICA_URLS;
  Object.assign(process.env, {
    DATABASE_URL: scratch.url,
    BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
    ORCHESTRATOR: "kubernetes",
    KUBECONFIG: kubeconfig,
    KUBERNETES_NAMESPACE: NS,
    KUBERNETES_DEPLOYMENT: "web",
    KUBERNETES_HPA: "web-hpa",
  });
});

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().close();
  await scratch?.drop();
  await new Promise<void>((resolve) => stub.close(() => resolve()));
  fs.rmSync(tempDir, { recursive: true, force: true });
});

beforeEach(async () => {
  await scratch.prisma.emergencyOverride.deleteMany();
  requests = [];
  scale = { replicas: 3, resourceVersion: "100" };
  hpa = { minReplicas: 2, maxReplicas: 10, annotations: {}, resourceVersion: "200" };
});

describe("immediate scale-up, Kubernetes orchestrator — contract test against a stub API server", () => {
  test("preview: 3 → 5 instances, HPA min 2 → 5, paced by the policy's scale-up limits", async () => {
    const { scaleUpProcedure } = await import("@/lib/emergency/procedures/scale-up");
    const preview = await scaleUpProcedure.preview({ durationMinutes: 60 }, previewContext);
    expect(preview.summary).toMatch(/^3 → 5 instances; HPA min 2 → 5; ~60 s \(scale-up limits: \+100 % per 15 s or \+4 instances per 60 s \(the larger\)\)$/);
    expect(preview.changes.slice(0, 2)).toEqual([
      { label: "instances", from: "3", to: "5" },
      { label: "HPA min", from: "2", to: "5" },
    ]);
    expect(preview).toMatchObject({ blockers: [], estimatedSeconds: 60 });
    expect(requests.every((request) => request.method === "GET")).toBe(true); // a preview changes nothing
  });

  test("run raises the HPA minimum and scales the Deployment, holds an override; expiry restores the minimum", async () => {
    const { scaleUpProcedure } = await import("@/lib/emergency/procedures/scale-up");
    const { OverrideSweeper } = await import("@/lib/emergency/override-sweeper");
    const { emergencyMinimumReplicas } = await import("@/lib/capacity/emergency-floor");
    const progress: ProcedureProgress[] = [];
    const outcome = await scaleUpProcedure.run({ durationMinutes: 30 }, runContext(progress));

    const patches = requests.filter((request) => request.method === "PATCH");
    expect(patches.map(({ path: target, body }) => ({ target, body }))).toEqual([
      { target: HPA_PATH, body: { metadata: { resourceVersion: "200", annotations: { "agency-toolkit/previous-min-replicas": "2" } }, spec: { minReplicas: 5 } } },
      { target: SCALE_PATH, body: { metadata: { resourceVersion: "100" }, spec: { replicas: 5 } } },
    ]);
    expect(outcome.changes.slice(0, 2)).toEqual([
      { label: "instances", from: "3", to: "5" },
      { label: "HPA min", from: "2", to: "5" },
    ]);
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2, message: "5 of 5 instances running" });
    // The scale-up opens a scaling event: the three checklists to work through.
    const event = await scratch.prisma.scalingEvent.findUniqueOrThrow({ where: { id: String(outcome.details.checklistEventId) } });
    expect(event).toMatchObject({ source: "scale-up", reason: "Immediate scale-up 3 → 5 instances (emergency procedure)" });

    const [override] = await scratch.prisma.emergencyOverride.findMany({ where: { endedAt: null } });
    expect(override).toMatchObject({ kind: "min-instances", scope: "app", ownerEmail: "sre@agency.test", payload: { minReplicas: 5, previousMinReplicas: 2, fromReplicas: 3 } });
    const minutesLeft = (override!.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(29);
    expect(minutesLeft).toBeLessThanOrEqual(30);
    // Every scaleTo (autoscaler, manual) is held at the raised floor while the override holds.
    expect(await emergencyMinimumReplicas()).toBe(5);

    // A second scale-up while the first holds is refused in the preview.
    expect((await scaleUpProcedure.preview({ durationMinutes: 60 }, previewContext)).blockers.join()).toMatch(/already active/);

    const { db } = await import("@/lib/db/client");
    const swept = await new OverrideSweeper(db().primary, { intervalMs: 60_000, reminderMinutes: 5 }).sweep(new Date(override!.expiresAt.getTime() + 1_000));
    expect(swept.ended.map((ended) => ended.id)).toEqual([override!.id]);
    expect(hpa).toMatchObject({ minReplicas: 2, annotations: {} });
    expect(scale.replicas).toBe(5); // scaling back down is the HPA's job, at its own pace
    expect(await emergencyMinimumReplicas()).toBe(0);
  });

  test("at the HPA's maximum the preview is blocked and a run changes nothing", async () => {
    const { scaleUpProcedure } = await import("@/lib/emergency/procedures/scale-up");
    scale = { replicas: 10, resourceVersion: "100" };
    const preview = await scaleUpProcedure.preview({ durationMinutes: 60 }, previewContext);
    expect(preview.blockers).toEqual(["already at the policy's maximum of 10 instances"]);
    await expect(scaleUpProcedure.run({ durationMinutes: 60 }, runContext())).rejects.toThrow(/maximum of 10/);
    expect(requests.filter((request) => request.method === "PATCH")).toEqual([]);
    expect(await scratch.prisma.emergencyOverride.count()).toBe(0);
  });
});

describe("immediate scale-up, local orchestrator — real processes", () => {
  let supervisor: Supervisor;

  beforeAll(() => {
    // Each instance is a small HTTP server in its own process: what the supervisor counts is
    // processes that listen, exactly as with the app.
    const instanceScript = path.join(tempDir, "instance.cjs");
    fs.writeFileSync(instanceScript, "require('node:http').createServer((q, s) => s.end(String(process.pid))).listen(0); process.on('SIGTERM', () => process.exit(0));\n");
    cluster.setupPrimary({ exec: instanceScript, silent: true });
    supervisor = new Supervisor({ initial: 2, min: 1, max: 4 });
    supervisor.start();
  });
  afterAll(() => supervisor.stop());

  const serving = () => supervisor.status().instances.filter((instance) => instance.state === "serving");
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  test("2 → 3 real instances with the floor held at 3; the expiry puts the floor back", async () => {
    const { createScaleUpProcedure } = await import("@/lib/emergency/procedures/scale-up");
    const { OverrideSweeper } = await import("@/lib/emergency/override-sweeper");
    await expect.poll(() => serving().length, { timeout: 15_000 }).toBe(2);
    const local = new LocalOrchestrator({ listInstances: async () => supervisor.status(), scaleInstances: async (desired) => supervisor.scaleTo(desired) });
    const localPolicy = { ...DEFAULT_HPA_POLICY, minReplicas: 1, maxReplicas: 4 };
    const procedure = createScaleUpProcedure({ orchestrator: () => local, policy: async () => localPolicy, readyTimeoutMs: 15_000 });

    const preview = await procedure.preview({ durationMinutes: 60 }, previewContext);
    expect(preview.summary).toMatch(/^2 → 3 instances; minimum instances 1 → 3; ~10 s/);

    const startedAt = performance.now();
    const outcome = await procedure.run({ durationMinutes: 60 }, runContext());
    await expect.poll(() => serving().length, { timeout: 15_000 }).toBe(3);
    const readyMs = performance.now() - startedAt;
    expect(outcome.details).toMatchObject({ runningReplicas: 3, desiredReplicas: 3, mode: "local" });
    const pids = serving().map((instance) => instance.pid);
    expect(new Set(pids).size).toBe(3);
    expect(pids.every(isAlive)).toBe(true);
    expect(await local.describe()).toMatchObject({ currentReplicas: 3, minReplicas: 3, minimumOverride: { minReplicas: 3, previousMinReplicas: 1 } });
    // Scaling down by hand stops at the held floor.
    expect((await local.scaleTo(1)).desiredReplicas).toBe(3);
    console.info(`local scale-up 2 → 3: the third process served after ${readyMs.toFixed(0)} ms`);

    const override = await scratch.prisma.emergencyOverride.findFirstOrThrow({ where: { endedAt: null } });
    const { db } = await import("@/lib/db/client");
    await new OverrideSweeper(db().primary, { intervalMs: 60_000, reminderMinutes: 5 }).sweep(new Date(override.expiresAt.getTime() + 1_000));
    // The floor in this process follows the override rows the next time the procedure looks.
    expect(await procedure.currentState!()).toBe("3 instances running (min 1, max 4)");
    expect((await local.describe()).minimumOverride).toBeNull();
  });
});
