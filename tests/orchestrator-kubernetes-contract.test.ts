import http from "node:http";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { KubernetesOrchestrator, PREVIOUS_MIN_REPLICAS_ANNOTATION } from "@/lib/capacity/orchestrators/kubernetes";
import { findFreePort } from "@/scripts/embedded-cluster";

// No cluster runs here: a node:http stub stands in for the API server, records every request and
// answers with the objects the real one would. The assertions pin the exact requests we send.
const NS = "shop";
const SCALE_PATH = `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`;
const HPA_PATH = `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/web-hpa`;
const MERGE_PATCH = "application/merge-patch+json";

type Recorded = { method: string; path: string; query: string; contentType: string | undefined; authorization: string | undefined; body: unknown };
type Patch = { metadata?: { resourceVersion?: string; annotations?: Record<string, string | null> }; spec?: { replicas?: number; minReplicas?: number } };

let server: http.Server;
let port: number;
let requests: Recorded[];
let failWith: { method: string; status: number; reason: string } | null;
let scale: { replicas: number; running: number; resourceVersion: string };
let hpa: { minReplicas: number; maxReplicas: number; annotations: Record<string, string>; resourceVersion: string };

const scaleObject = () => ({ apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: "web", namespace: NS, resourceVersion: scale.resourceVersion }, spec: { replicas: scale.replicas }, status: { replicas: scale.running } });
const hpaObject = () => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web-hpa", namespace: NS, resourceVersion: hpa.resourceVersion, annotations: hpa.annotations },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas },
  status: { currentReplicas: scale.running, desiredReplicas: scale.replicas },
});

function answer(req: http.IncomingMessage, raw: string): { status: number; body: object } {
  const url = new URL(req.url ?? "/", "http://stub");
  requests.push({ method: req.method ?? "", path: url.pathname, query: url.search, contentType: req.headers["content-type"], authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
  const failure = failWith?.method === req.method ? failWith : null;
  if (failure) return { status: failure.status, body: { apiVersion: "v1", kind: "Status", status: "Failure", reason: failure.reason, code: failure.status } };
  const patch = (raw ? JSON.parse(raw) : {}) as Patch;
  if (url.pathname === SCALE_PATH && req.method === "PATCH") scale = { ...scale, replicas: patch.spec?.replicas ?? scale.replicas, resourceVersion: `${Number(scale.resourceVersion) + 1}` };
  if (url.pathname === HPA_PATH && req.method === "PATCH") {
    const annotations = { ...hpa.annotations, ...patch.metadata?.annotations };
    for (const [key, value] of Object.entries(annotations)) if (value === null) delete annotations[key];
    hpa = { ...hpa, minReplicas: patch.spec?.minReplicas ?? hpa.minReplicas, annotations: annotations as Record<string, string>, resourceVersion: `${Number(hpa.resourceVersion) + 1}` };
  }
  if (url.pathname === SCALE_PATH) return { status: 200, body: scaleObject() };
  if (url.pathname === HPA_PATH) return { status: 200, body: hpaObject() };
  return { status: 404, body: { kind: "Status", code: 404 } };
}

function orchestrator(): KubernetesOrchestrator {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: "stub", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }], users: [{ name: "u", token: "t" }], contexts: [{ name: "c", cluster: "stub", user: "u" }], currentContext: "c" });
  return new KubernetesOrchestrator(kc, { namespace: NS, deployment: "web", hpa: "web-hpa" });
}

const calls = () => requests.map(({ method, path }) => `${method} ${path}`);

describe("kubernetes orchestrator — contract test against a stub Kubernetes API (no cluster runs here)", () => {
  beforeAll(async () => {
    port = await findFreePort();
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        const { status, body } = answer(req, raw);
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests = [];
    failWith = null;
    scale = { replicas: 3, running: 3, resourceVersion: "100" };
    hpa = { minReplicas: 2, maxReplicas: 10, annotations: {}, resourceVersion: "200" };
  });

  test("describe() reads the Deployment's scale and the HPA, with the bearer token", async () => {
    const status = await orchestrator().describe();
    expect(status).toEqual({ mode: "kubernetes", currentReplicas: 3, desiredReplicas: 3, minReplicas: 2, maxReplicas: 10, minimumOverride: null });
    expect(calls().sort()).toEqual([`GET ${SCALE_PATH}`, `GET ${HPA_PATH}`]);
    for (const request of requests) expect(request).toMatchObject({ query: "", authorization: "Bearer t", body: undefined });
  });

  test("scaleTo(5) reads the scale, then merge-patches spec.replicas = 5 with the resourceVersion read", async () => {
    const status = await orchestrator().scaleTo(5);
    expect(calls()).toEqual([`GET ${SCALE_PATH}`, `PATCH ${SCALE_PATH}`, `GET ${HPA_PATH}`]);
    expect(requests[1]).toEqual({ method: "PATCH", path: SCALE_PATH, query: "", contentType: MERGE_PATCH, authorization: "Bearer t", body: { metadata: { resourceVersion: "100" }, spec: { replicas: 5 } } });
    expect(status).toMatchObject({ desiredReplicas: 5, currentReplicas: 3 });
  });

  test("raiseMinimum(6) patches the HPA's minReplicas (remembering 2) and scales the Deployment to 6", async () => {
    const status = await orchestrator().raiseMinimum(6);
    expect(calls()).toEqual([`GET ${HPA_PATH}`, `PATCH ${HPA_PATH}`, `GET ${SCALE_PATH}`, `PATCH ${SCALE_PATH}`]);
    expect(requests[1]).toMatchObject({ contentType: MERGE_PATCH, authorization: "Bearer t", body: { metadata: { resourceVersion: "200", annotations: { [PREVIOUS_MIN_REPLICAS_ANNOTATION]: "2" } }, spec: { minReplicas: 6 } } });
    expect(requests[3]).toMatchObject({ contentType: MERGE_PATCH, body: { metadata: { resourceVersion: "100" }, spec: { replicas: 6 } } });
    expect(status).toEqual({ mode: "kubernetes", currentReplicas: 3, desiredReplicas: 6, minReplicas: 6, maxReplicas: 10, minimumOverride: { minReplicas: 6, previousMinReplicas: 2 } });
  });

  test("raiseMinimum keeps a larger Deployment as it is and a second raise keeps the first previous value", async () => {
    scale.replicas = 8;
    const kubernetes = orchestrator();
    await kubernetes.raiseMinimum(4);
    await kubernetes.raiseMinimum(6);
    expect(calls()).not.toContain(`PATCH ${SCALE_PATH}`);
    expect(requests.filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([
      { metadata: { resourceVersion: "200", annotations: { [PREVIOUS_MIN_REPLICAS_ANNOTATION]: "2" } }, spec: { minReplicas: 4 } },
      { metadata: { resourceVersion: "201", annotations: { [PREVIOUS_MIN_REPLICAS_ANNOTATION]: "2" } }, spec: { minReplicas: 6 } },
    ]);
  });

  test("raiseMinimum above the HPA's maxReplicas is refused before anything is patched", async () => {
    await expect(orchestrator().raiseMinimum(11)).rejects.toThrow(new ValidationError("minimum 11 exceeds the HPA's maxReplicas of 10"));
    expect(calls()).toEqual([`GET ${HPA_PATH}`]);
  });

  test("restoreMinimum() patches minReplicas back and drops the annotation; with no override it patches nothing", async () => {
    const kubernetes = orchestrator();
    await kubernetes.raiseMinimum(6);
    requests = [];
    const status = await kubernetes.restoreMinimum();
    expect(calls()).toEqual([`GET ${HPA_PATH}`, `PATCH ${HPA_PATH}`, `GET ${SCALE_PATH}`]);
    expect(requests[1]).toMatchObject({ contentType: MERGE_PATCH, body: { metadata: { resourceVersion: "201", annotations: { [PREVIOUS_MIN_REPLICAS_ANNOTATION]: null } }, spec: { minReplicas: 2 } } });
    expect(status).toMatchObject({ minReplicas: 2, desiredReplicas: 6, minimumOverride: null });
    requests = [];
    await kubernetes.restoreMinimum();
    expect(calls()).toEqual([`GET ${HPA_PATH}`, `GET ${SCALE_PATH}`]);
  });

  test("a 404 from the API becomes NotFoundError naming the object and the setting", async () => {
    failWith = { method: "GET", status: 404, reason: "NotFound" };
    const error = await orchestrator().scaleTo(5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(calls()).toEqual([`GET ${SCALE_PATH}`]);
    expect((error as Error).message).toBe(`Kubernetes Deployment ${NS}/web scale not found; check KUBERNETES_DEPLOYMENT and KUBERNETES_NAMESPACE`);
  });

  test("a 409 from the API (stale resourceVersion) becomes ConflictError", async () => {
    failWith = { method: "PATCH", status: 409, reason: "Conflict" };
    const error = await orchestrator().raiseMinimum(6).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(calls()).toEqual([`GET ${HPA_PATH}`, `PATCH ${HPA_PATH}`]);
    expect((error as Error).message).toBe(`Kubernetes HorizontalPodAutoscaler ${NS}/web-hpa changed while it was being updated; read it again and retry`);
  });
});
