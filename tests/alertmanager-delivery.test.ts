import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AlertmanagerNotifier } from "@/lib/alerting/alertmanager-notifier";
import { alertingMetrics } from "@/lib/alerting/metrics";
import { AlertmanagerSender } from "@/lib/alerting/sender";
import { writeSamples } from "@/lib/metrics/history/postgres-store";
import { RuleEvaluator } from "@/lib/scaling";
import { startOwnAlertmanager, startWebhookReceiver, webhookConfig, type OwnAlertmanager, type WebhookReceiver } from "./support/alertmanager-server";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// The whole way out: the rule evaluator → our sender → a real Alertmanager → its webhook → a
// local HTTP server. Silences are created through our API and hold in Alertmanager.

let receiver: WebhookReceiver;
let alertmanager: OwnAlertmanager;
let api: InProcessApp;
let notifier: AlertmanagerNotifier;
const RESEND_MS = 400;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  alertmanager = await startOwnAlertmanager(webhookConfig(receiver.url));
  api = await startInProcessApp("alertmanager", { ALERTMANAGER_URLS: alertmanager.url });
  // Rules that fire on the first breach and resolve on the first clear keep the test short.
  await api.scratch.prisma.scalingRule.updateMany({ data: { forSeconds: 0, keepFiringForSeconds: 0 } });
  notifier = new AlertmanagerNotifier(api.scratch.prisma, {
    urls: [alertmanager.url],
    appUrl: TEST_ORIGIN,
    resendIntervalMs: RESEND_MS,
    evaluationIntervalMs: 15_000,
    capacity: 100,
    timeoutMs: 2_000,
  });
  notifier.start();
}, 180_000);

afterAll(async () => {
  notifier?.stop();
  await api?.close();
  await alertmanager?.stop();
  await receiver?.close();
});

const evaluator = () => new RuleEvaluator(api.scratch.prisma, 15_000);

async function sampleAndEvaluate(at: Date, series: string, ratio: number) {
  await writeSamples(api.scratch.prisma, at, [{ series, value: ratio }]);
  await evaluator().evaluate(at);
}

async function call(method: string, path: string, body?: unknown) {
  return api.app.request(`/api${path}`, {
    method,
    headers: { cookie: await api.cookieFor("sre@agency.test"), origin: TEST_ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const sentTo = async (url: string) => (await alertingMetrics.sent.get()).values.find((value) => value.labels.alertmanager === url)?.value ?? 0;

describe("delivery through a real Alertmanager", () => {
  test("a rule crossing its threshold reaches the receiver with its labels, is re-sent while firing, and its resolve follows", async () => {
    const start = Date.now() - 30_000;
    await sampleAndEvaluate(new Date(start), "db_pool_utilization", 0.95);

    const firing = await receiver.waitFor((message) => message.status === "firing" && message.alerts.some((alert) => alert.labels.rule_id === "db-pool-saturated"));
    const alert = firing.alerts.find((candidate) => candidate.labels.rule_id === "db-pool-saturated")!;
    expect(alert.labels).toEqual({ alertname: "DbPoolSaturated", severity: "critical", rule_id: "db-pool-saturated", instance: "localhost:3000" });
    expect(alert.annotations).toMatchObject({
      summary: "DB pool utilization > 80 %",
      value: "95 %",
      rule_url: `${TEST_ORIGIN}/ops/thresholds#rule-db-pool-saturated-title`,
    });
    expect(alert.annotations.runbook).toContain("DB_WRITE_POOL_MAX");
    expect(alert.generatorURL).toBe(`${TEST_ORIGIN}/ops/thresholds#rule-db-pool-saturated-title`);
    expect(Date.parse(alert.startsAt)).toBe(start);

    // No further transition, yet the alert keeps being sent every resend interval.
    const sentBefore = await sentTo(alertmanager.url);
    const resentBy = Date.now() + 5_000;
    while ((await sentTo(alertmanager.url)) < sentBefore + 2 && Date.now() < resentBy) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await sentTo(alertmanager.url)).toBeGreaterThanOrEqual(sentBefore + 2);

    await sampleAndEvaluate(new Date(start + 15_000), "db_pool_utilization", 0.1);
    const resolved = await receiver.waitFor((message) => message.status === "resolved" && message.alerts.some((candidate) => candidate.labels.rule_id === "db-pool-saturated"));
    expect(Date.parse(resolved.alerts[0]!.endsAt)).toBe(start + 15_000);
  }, 30_000);

  test("a silence created through our API stops the rule's notification; the ops view lists and expires it, audited", async () => {
    const created = await call("POST", "/v1/ops/alerting/silences", { ruleId: "memory-high", durationMinutes: 30, comment: "memory test in progress" });
    expect(created.status).toBe(200);
    const { silence } = (await created.json()) as { silence: { id: string } };

    const listed = (await (await call("GET", "/v1/ops/alerting/silences")).json()) as { configured: boolean; silences: { id: string; ruleId: string; createdBy: string; comment: string; state: string }[] };
    expect(listed.configured).toBe(true);
    expect(listed.silences).toContainEqual(expect.objectContaining({ id: silence.id, ruleId: "memory-high", createdBy: "sre@agency.test", comment: "memory test in progress", state: "active" }));

    // memory-high (silenced) and cpu-high (not) both fire; only cpu-high may reach the receiver.
    const received = receiver.messages.length;
    const at = new Date(Date.now() - 5_000);
    await writeSamples(api.scratch.prisma, at, [
      { series: "memory_utilization", value: 0.95 },
      { series: "cpu_utilization", value: 0.95 },
    ]);
    await evaluator().evaluate(at);
    await receiver.waitFor((message) => message.alerts.some((alert) => alert.labels.rule_id === "cpu-high" && alert.status === "firing"));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const later = receiver.messages.slice(received);
    expect(later.flatMap((message) => message.alerts).filter((alert) => alert.labels.rule_id === "memory-high")).toEqual([]);
    // Alertmanager has the alert, muted by our silence.
    const held = (await (await fetch(`${alertmanager.url}/api/v2/alerts?filter=rule_id%3D%22memory-high%22`)).json()) as { status: { state: string; silencedBy: string[] } }[];
    expect(held[0]?.status).toMatchObject({ state: "suppressed", silencedBy: [silence.id] });

    const expired = await call("DELETE", `/v1/ops/alerting/silences/${silence.id}`);
    expect(expired.status).toBe(200);
    const after = (await (await call("GET", "/v1/ops/alerting/silences")).json()) as { silences: { id: string }[] };
    expect(after.silences.map((candidate) => candidate.id)).not.toContain(silence.id);
    // Unmuted, the still-firing alert now reaches the receiver on the next resend.
    await receiver.waitFor((message) => message.alerts.some((alert) => alert.labels.rule_id === "memory-high" && alert.status === "firing"));

    const audit = await api.scratch.prisma.auditEntry.findMany({ where: { action: { startsWith: "alert_silence." } }, orderBy: { at: "asc" }, select: { action: true, actorEmail: true, target: true } });
    expect(audit).toEqual([
      { action: "alert_silence.create", actorEmail: "sre@agency.test", target: "scaling_rule:memory-high" },
      { action: "alert_silence.expire", actorEmail: "sre@agency.test", target: "scaling_rule:memory-high" },
    ]);
  }, 30_000);

  test("bad silence input is a 4xx naming the field; viewers cannot silence; an unknown rule is 404", async () => {
    const bad = await call("POST", "/v1/ops/alerting/silences", { ruleId: "memory-high", durationMinutes: 0, comment: "" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const problem = JSON.stringify(await bad.json());
    expect(problem).toContain("durationMinutes");
    expect(problem).toContain("comment");
    expect((await call("POST", "/v1/ops/alerting/silences", { ruleId: "no-such-rule", durationMinutes: 5, comment: "why not" })).status).toBe(404);
    expect((await call("DELETE", "/v1/ops/alerting/silences/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const asViewer = await api.app.request("/api/v1/ops/alerting/silences", {
      method: "POST",
      headers: { cookie: await api.cookieFor("viewer@agency.test"), origin: TEST_ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ ruleId: "memory-high", durationMinutes: 5, comment: "not allowed" }),
    });
    expect(asViewer.status).toBe(403);
  });

  test("a full send queue drops its oldest alerts and counts them; a dead Alertmanager counts errors after retries", async () => {
    const deadUrl = "http://127.0.0.1:9"; // discard port: nothing listens
    const sender = new AlertmanagerSender({ urls: [deadUrl], capacity: 2, timeoutMs: 500, retryDelaysMs: [10] });
    const droppedBefore = (await alertingMetrics.dropped.get()).values[0]?.value ?? 0;
    const alert = (n: number) => ({ labels: { alertname: `Test${n}` }, annotations: {}, startsAt: new Date().toISOString(), endsAt: new Date().toISOString(), generatorURL: TEST_ORIGIN });
    sender.enqueue([1, 2, 3, 4, 5].map(alert));
    expect((await alertingMetrics.dropped.get()).values[0]?.value).toBe(droppedBefore + 3);
    await sender.idle();
    const errors = (await alertingMetrics.errors.get()).values.find((value) => value.labels.alertmanager === deadUrl)?.value;
    expect(errors).toBe(2);
  });
});
