import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ExecutionDetailOutput, ExecutionSummaryOutput, WorkflowOutput } from "@/lib/workflows/schemas";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import { apiCaller, FAST_WORKFLOW_ENV, waitFor, type ApiCall, type ProblemBody } from "./support/workflows";

type Problem = ProblemBody & { errors?: { path: string; message: string; rule?: string }[] };

/**
 * Workflow egress on real sockets: the strict default policy (no private addresses, ports 80 and
 * 443), with exactly one local test server named as an allowed internal target, the way a
 * self-hosted operator names one (WORKFLOW_EGRESS_ALLOWED_ADDRESSES). Every hop is still checked.
 */
describe("workflow egress", () => {
  let app: InProcessApp;
  let api: ApiCall;
  let worker: { stop(graceMs?: number): Promise<void> } | null = null;
  let allowed: http.Server;
  let forbidden: http.Server;
  let allowedBase = "";
  let forbiddenPort = 0;
  let forbiddenHits = 0;
  const seenAuthorization: string[] = [];

  const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

  beforeAll(async () => {
    forbidden = http.createServer((_req, res) => {
      forbiddenHits++;
      res.end("internal");
    });
    forbiddenPort = await listen(forbidden);
    allowed = http.createServer((req, res) => {
      if (req.url === "/to-forbidden") return void res.writeHead(302, { location: `http://127.0.0.1:${forbiddenPort}/` }).end();
      if (req.url === "/to-metadata") return void res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      seenAuthorization.push(String(req.headers.authorization ?? ""));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    });
    const allowedPort = await listen(allowed);
    allowedBase = `http://127.0.0.1:${allowedPort}`;
    app = await startInProcessApp("wf_egress", {
      ...FAST_WORKFLOW_ENV,
      WORKFLOW_EGRESS_ALLOW_PRIVATE: "false",
      WORKFLOW_EGRESS_ALLOWED_PORTS: "",
      WORKFLOW_EGRESS_ALLOWED_ADDRESSES: `127.0.0.1:${allowedPort}`,
    });
    api = apiCaller(app);
    const { startWorkflowWorker } = await import("@/lib/workflows");
    worker = await startWorkflowWorker();
  });
  afterAll(async () => {
    await worker?.stop(0);
    await Promise.all([allowed, forbidden].map((server) => new Promise((resolve) => server?.close(resolve))));
    const { stopQueue } = await import("@/lib/queue");
    await stopQueue();
    await app?.close();
  });

  const httpStep = (url: string, extra: Record<string, unknown> = {}) => ({ id: "call", type: "http", config: { url, method: "GET", timeoutMs: 2_000, ...extra } });
  const create = (steps: unknown[], as?: string) => api<WorkflowOutput & Problem>("POST", "/v1/workflows", { as, body: { name: "Egress", steps } });

  async function runToEnd(workflowId: string): Promise<ExecutionDetailOutput> {
    const started = await api<ExecutionSummaryOutput>("POST", `/v1/workflows/${workflowId}/executions`, { body: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return waitFor(`execution ${started.body.id} to end`, async () => {
      const { body } = await api<ExecutionDetailOutput>("GET", `/v1/workflow-executions/${started.body.id}`);
      return ["succeeded", "failed", "cancelled"].includes(body.status) ? body : undefined;
    });
  }

  describe("at save time, a literal URL the policy refuses is 422 naming the field and the rule", () => {
    test.each([
      ["http://127.0.0.1/", "private_address"],
      ["http://169.254.169.254/latest/meta-data/", "private_address"],
      ["http://[::ffff:10.0.0.1]/", "private_address"],
      ["https://api.example.com:8443/", "port"],
      ["http://localhost/api/metrics", "app_address"],
    ])("%s → %s", async (url, rule) => {
      const refused = await create([{ id: "wait", type: "delay", config: { ms: 1 } }, httpStep(url)]);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: "steps.1.config.url", rule })]);
    });
  });

  test("a local HTTP server on 127.0.0.1 that policy does not name is refused at run time too, and not retried", async () => {
    // Saved against the allowed server, which then redirects to another loopback port.
    const created = await create([httpStep(`${allowedBase}/to-forbidden`)]);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hitsBefore = forbiddenHits;
    const result = await runToEnd(created.body.id);
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/egress_denied \(port\)/);
    expect(result.steps[0]!.attempts).toBe(1);
    expect(forbiddenHits).toBe(hitsBefore);
  });

  test("a redirect from the allowed server to the link-local metadata address is refused", async () => {
    const created = await create([httpStep(`${allowedBase}/to-metadata`)]);
    const result = await runToEnd(created.body.id);
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/egress_denied \(private_address\): 169\.254\.169\.254 is a link-local address/);
  });

  test("an allowed host works, and its secret header is sent though never shown", async () => {
    const created = await create([httpStep(`${allowedBase}/ok`, { headers: { Authorization: "Bearer s3cr3t-egress", Accept: "application/json" } })]);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const result = await runToEnd(created.body.id);
    expect(result.status, result.error ?? "").toBe("succeeded");
    expect(result.output).toEqual({ status: 200, body: { ok: true } });
    expect(seenAuthorization).toContain("Bearer s3cr3t-egress");
  });

  test("secret headers are stored encrypted and never returned by the API or kept in the audit log", async () => {
    const created = await create([httpStep(`${allowedBase}/ok`, { headers: { "X-Service-Token": "tok-visible-nowhere", "X-Trace": "plain" } })]);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const read = await api<WorkflowOutput>("GET", `/v1/workflows/${id}`);
    const list = await api<{ items: WorkflowOutput[] }>("GET", "/v1/workflows?limit=100");
    for (const body of [created.body, read.body, list.body]) expect(JSON.stringify(body)).not.toContain("tok-visible-nowhere");
    expect(read.body.steps[0]).toMatchObject({ config: { headers: { "X-Service-Token": "[redacted]", "X-Trace": "plain" } } });
    const [row] = await app.scratch.prisma.$queryRaw<{ definition: string }[]>`select definition::text from workflow where id = ${id}::uuid`;
    expect(row!.definition).not.toContain("tok-visible-nowhere");
    expect(row!.definition).toContain("enc:v1:");
    const audit = await app.scratch.prisma.$queryRaw<{ text: string }[]>`select coalesce(before::text, '') || coalesce(after::text, '') as text from audit_entry where target = ${`workflow:${id}`}`;
    expect(audit.length).toBeGreaterThan(0);
    for (const entry of audit) expect(entry.text).not.toContain("tok-visible-nowhere");

    // Saved back with the placeholder, the stored secret is kept (and still works when sent).
    const saved = await api<WorkflowOutput>("PUT", `/v1/workflows/${id}`, { body: { name: "Egress", steps: read.body.steps } });
    expect(saved.status).toBe(200);
    const [after] = await app.scratch.prisma.$queryRaw<{ definition: string }[]>`select definition::text from workflow where id = ${id}::uuid`;
    expect(after!.definition).toContain("enc:v1:");
  });

  test("a workflow stored with a plaintext secret before encryption still runs, and is encrypted at its next save", async () => {
    const created = await create([httpStep(`${allowedBase}/ok`)]);
    const legacy = { steps: [httpStep(`${allowedBase}/ok`, { headers: { Authorization: "Bearer legacy-plain" } })] };
    await app.scratch.prisma.$executeRaw`update workflow set definition = ${JSON.stringify(legacy)}::jsonb where id = ${created.body.id}::uuid`;
    const { invalidateKey, cacheKeys } = await import("@/lib/cache");
    const tenant = await app.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug: "northwind" } });
    await invalidateKey(cacheKeys.workflowDefinition(tenant.id, created.body.id));
    const result = await runToEnd(created.body.id);
    expect(result.status, result.error ?? "").toBe("succeeded");
    expect(seenAuthorization).toContain("Bearer legacy-plain");
    const read = await api<WorkflowOutput>("GET", `/v1/workflows/${created.body.id}`);
    await api("PUT", `/v1/workflows/${created.body.id}`, { body: { name: "Egress", steps: read.body.steps } });
    const [row] = await app.scratch.prisma.$queryRaw<{ definition: string }[]>`select definition::text from workflow where id = ${created.body.id}::uuid`;
    expect(row!.definition).not.toContain("legacy-plain");
  });

  test("the sealing command encrypts every plaintext secret still stored, once, with an audit entry each", async () => {
    const created = await create([httpStep(`${allowedBase}/ok`)]);
    const legacy = { steps: [httpStep(`${allowedBase}/ok`, { headers: { "X-Api-Key": "plain-key-123", Accept: "a/b" } })] };
    await app.scratch.prisma.$executeRaw`update workflow set definition = ${JSON.stringify(legacy)}::jsonb where id = ${created.body.id}::uuid`;
    const { sealStoredWorkflowSecrets } = await import("@/lib/workflows/seal-stored-secrets");
    const { workflowSecretsKey } = await import("@/lib/workflows/secret-crypto");
    const actor = { email: "cli:test", requestId: "seal-test" };
    expect(await sealStoredWorkflowSecrets(app.scratch.prisma, workflowSecretsKey(), actor)).toBe(1);
    expect(await sealStoredWorkflowSecrets(app.scratch.prisma, workflowSecretsKey(), actor)).toBe(0);
    const [row] = await app.scratch.prisma.$queryRaw<{ definition: string }[]>`select definition::text from workflow where id = ${created.body.id}::uuid`;
    expect(row!.definition).not.toContain("plain-key-123");
    expect(row!.definition).toContain('"Accept": "a/b"');
    const entries = await app.scratch.prisma.auditEntry.findMany({ where: { action: "workflow.secrets.seal" } });
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0]!.after)).not.toContain("plain-key-123");
  });
});
