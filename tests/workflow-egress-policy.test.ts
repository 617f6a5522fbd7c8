import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AllowedHostsOutput, DeniedHostsOutput } from "@/lib/egress/schemas";
import type { WorkflowOutput } from "@/lib/workflows/schemas";
import { startInProcessApp, type InProcessApp } from "./support/in-process-app";
import { makeStepUpStale } from "./support/stale-step-up";
import { apiCaller, type ApiCall, type ProblemBody } from "./support/workflows";

type Problem = ProblemBody & { errors?: { path: string; message: string; rule?: string }[] };

/** The egress policy's API: a tenant admin's allow-list, the platform's deny-list, and what they refuse. */
describe("workflow egress policy", () => {
  let app: InProcessApp;
  let api: ApiCall;
  let local: http.Server;
  let localPort = 0;
  let localHits = 0;

  beforeAll(async () => {
    local = http.createServer((_req, res) => {
      localHits++;
      res.end("internal");
    });
    localPort = await new Promise<number>((resolve) => local.listen(0, "127.0.0.1", () => resolve((local.address() as AddressInfo).port)));
    app = await startInProcessApp("wf_egress_policy", { WORKFLOW_WORKER_IN_PROCESS: "false", WORKFLOW_EGRESS_ALLOWED_PORTS: String(localPort) });
    api = apiCaller(app);
  });
  afterAll(async () => {
    await new Promise((resolve) => local?.close(resolve));
    await app?.close();
  });

  const tenantId = async (slug: string) => (await app.scratch.prisma.tenant.findUniqueOrThrow({ where: { slug } })).id;
  const create = (url: string) =>
    api<WorkflowOutput & Problem>("POST", "/v1/workflows", { body: { name: "Policy", steps: [{ id: "call", type: "http", config: { url, method: "GET", timeoutMs: 1_000 } }] } });

  test("an empty allow-list allows any public host; a non-empty one only its hosts, exact or *.domain", async () => {
    expect((await api<AllowedHostsOutput>("GET", "/v1/workflow-egress/allowed-hosts")).body).toEqual({ hosts: [], mode: "any_public_host" });
    expect((await create("https://anything.example.net/hook")).status).toBe(201);

    const saved = await api<AllowedHostsOutput>("PUT", "/v1/workflow-egress/allowed-hosts", { body: { hosts: ["API.Partner.example.", "*.hooks.example.com"] } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ hosts: ["*.hooks.example.com", "api.partner.example"], mode: "only_listed_hosts" });
    expect((await create("https://api.partner.example/x")).status).toBe(201);
    expect((await create("https://eu.hooks.example.com/x")).status).toBe(201);
    const refused = await create("https://anything.example.net/hook");
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: "steps.0.config.url", rule: "not_in_allow_list" })]);

    await api("PUT", "/v1/workflow-egress/allowed-hosts", { body: { hosts: [] } });
  });

  test("allow-list edits are audited in the tenant, refused to members, and invisible to another tenant's admin", async () => {
    const activeTenant = async (as: string) => (await api<{ active: { tenantId: string } }>("GET", "/v1/me", { as })).body.active.tenantId;
    const adminTenant = await activeTenant("admin@agency.test");
    const copperleaf = await tenantId("copperleaf");
    expect(await activeTenant("lead@copperleaf.test")).toBe(copperleaf);
    expect(adminTenant).not.toBe(copperleaf);

    const saved = await api("PUT", "/v1/workflow-egress/allowed-hosts", { body: { hosts: ["crm.partner.example"] } });
    expect(saved.status).toBe(200);
    const [entry] = await app.scratch.prisma.auditEntry.findMany({ where: { action: "workflow.egress.allow_list.update" }, orderBy: { seq: "desc" }, take: 1 });
    expect(entry).toMatchObject({ tenantId: adminTenant, actorEmail: "admin@agency.test", before: { hosts: [] }, after: { hosts: ["crm.partner.example"] } });

    expect((await api("PUT", "/v1/workflow-egress/allowed-hosts", { as: "member@agency.test", body: { hosts: [] } })).status).toBe(403);
    expect((await api("GET", "/v1/workflow-egress/allowed-hosts", { as: "member@agency.test" })).status).toBe(200);

    // Copperleaf's admin sees and edits Copperleaf's list only.
    expect((await api<AllowedHostsOutput>("GET", "/v1/workflow-egress/allowed-hosts", { as: "lead@copperleaf.test" })).body.hosts).toEqual([]);
    expect((await api("PUT", "/v1/workflow-egress/allowed-hosts", { as: "lead@copperleaf.test", body: { hosts: ["copper.example"] } })).status).toBe(200);
    expect((await api<AllowedHostsOutput>("GET", "/v1/workflow-egress/allowed-hosts")).body.hosts).toEqual(["crm.partner.example"]);
    const rows = await app.scratch.prisma.workflowEgressAllowedHost.findMany({ where: { tenantId: adminTenant } });
    expect(rows.map((row) => row.pattern)).toEqual(["crm.partner.example"]);
    const copperAudit = await app.scratch.prisma.auditEntry.findFirst({ where: { action: "workflow.egress.allow_list.update", tenantId: copperleaf } });
    expect(copperAudit).toMatchObject({ actorEmail: "lead@copperleaf.test", after: { hosts: ["copper.example"] } });

    await api("PUT", "/v1/workflow-egress/allowed-hosts", { body: { hosts: [] } });
  });

  test("bad host patterns are 400 naming the entry", async () => {
    const bad = await api<Problem>("PUT", "/v1/workflow-egress/allowed-hosts", { body: { hosts: ["ok.example", "http://x.example/path"] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain("hosts.1");
  });

  test("the deny-list is the platform admin's, needs a recent password, is audited, and wins over any allow-list", async () => {
    expect((await api("GET", "/v1/ops/egress/denied-hosts", { as: "lead@copperleaf.test" })).status).toBe(403);
    expect((await api("PUT", "/v1/ops/egress/denied-hosts", { as: "sre@agency.test", body: { hosts: [] } })).status).toBe(403);

    await api("PUT", "/v1/workflow-egress/allowed-hosts", { body: { hosts: ["*.tracker.example"] } });
    const saved = await api<DeniedHostsOutput>("PUT", "/v1/ops/egress/denied-hosts", { body: { hosts: [{ pattern: "bad.tracker.example", reason: "abuse report" }] } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ hosts: [{ pattern: "bad.tracker.example", reason: "abuse report" }], allowPrivate: false });
    const refused = await create("https://bad.tracker.example/pixel");
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.[0]).toMatchObject({ path: "steps.0.config.url", rule: "deny_list" });
    expect((await create("https://good.tracker.example/pixel")).status).toBe(201);
    const audit = await app.scratch.prisma.auditEntry.findFirst({ where: { action: "egress.deny_list.update" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ tenantId: null, actorEmail: "admin@agency.test" });

    await makeStepUpStale(app, "admin@agency.test");
    const stale = await api<Problem>("PUT", "/v1/ops/egress/denied-hosts", { body: { hosts: [] } });
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe("step_up_required");
  });

  test("a public-looking host name that DNS answers with 127.0.0.1 is refused under the tenant's loaded policy (rebinding)", async () => {
    const { egressRequest, loadWorkflowEgressPolicy, EgressDeniedError } = await import("@/lib/egress");
    // A tenant with an empty allow-list: any public host would do, so only the address check refuses.
    const open = await app.scratch.prisma.tenant.findFirstOrThrow({ where: { egressAllowedHosts: { none: {} } } });
    const policy = await loadWorkflowEgressPolicy(app.scratch.prisma, open.id);
    const before = localHits;
    const refusal = await egressRequest(`http://status.public-partner.example:${localPort}/`, { timeoutMs: 2_000, resolver: async () => [{ address: "127.0.0.1", family: 4 }] }, policy).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EgressDeniedError);
    expect((refusal as InstanceType<typeof EgressDeniedError>).rule).toBe("private_address");
    expect(localHits).toBe(before);
  });
});
