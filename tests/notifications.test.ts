import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

// The notification center and direct webhooks against a real local HTTP receiver: audit entries
// (an override reminder, a procedure's result) become notifications for the right people, and
// webhook deliveries are signed, retried and finally dead-lettered.

type Json = Record<string, unknown>;
type Received = { headers: IncomingHttpHeaders; body: string; at: number };

/** A webhook receiver answering each request with the next status of its script (the last one repeats). */
class Receiver {
  readonly requests: Received[] = [];
  private server: Server | null = null;
  constructor(private statuses: number[]) {}

  script(statuses: number[]): void {
    this.statuses = statuses;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        this.requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
        const status = this.statuses.length > 1 ? this.statuses.shift()! : (this.statuses[0] ?? 200);
        response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/agency`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let api: InProcessApp;
/** One receiver per test, started first: webhooks reach a loopback address only when it is named. */
const receivers = Array.from({ length: 5 }, () => new Receiver([200]));
const receiverUrls: string[] = [];

beforeAll(async () => {
  for (const receiver of receivers) receiverUrls.push(await receiver.start());
  const allowed = receiverUrls.map((url) => new URL(url).host).join(",");
  api = await startInProcessApp("notifications", { NOTIFICATION_WEBHOOK_ALLOWED_ADDRESSES: allowed });
}, 120_000);

afterAll(async () => {
  for (const receiver of receivers) await receiver.stop();
  await api?.close();
});

async function call(method: string, path: string, email: string, body?: unknown) {
  const response = await api.app.request(`/api${path}`, {
    method,
    headers: { origin: TEST_ORIGIN, cookie: await api.cookieFor(email), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

let receiversTaken = 0;
function takeReceiver(statuses: number[]): { receiver: Receiver; url: string } {
  const index = receiversTaken++;
  receivers[index]!.script(statuses);
  return { receiver: receivers[index]!, url: receiverUrls[index]! };
}

async function createWebhook(url: string, format: "slack" | "generic", severities: string[]) {
  const created = await call("POST", "/v1/ops/notification-webhooks", "admin@agency.test", { name: `hook ${randomUUID().slice(0, 8)}`, url, format, severities });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
}

const feed = async () => (await import("@/lib/notifications/audit-feed")).readAuditFeed((await import("@/lib/db/client")).db().primary);
const dispatch = async (options: { maxAttempts: number; retryBaseMs: number }) =>
  (await import("@/lib/notifications/dispatcher")).dispatchDueDeliveries((await import("@/lib/db/client")).db().primary, { ...options, leaseMs: 60_000, batchSize: 20 });

async function notificationsOf(email: string) {
  const page = await call("GET", "/v1/ops/notifications?limit=50", email);
  expect(page.status).toBe(200);
  return page.body as { items: Json[]; unread: number; nextCursor: string | null };
}

/** Activates the global circuit breaker as sre@agency.test and makes its override lapse in 5 minutes. */
async function breakerOverrideDueForReminder(): Promise<void> {
  const started = await call("POST", "/v1/ops/emergency/circuit-breaker/runs", "sre@agency.test", {
    input: { action: "activate", scope: "global" },
    confirmation: "Limit to core features",
    idempotencyKey: randomUUID(),
  });
  expect(started.status).toBe(202);
  await expect.poll(async () => (await call("GET", `/v1/ops/emergency/runs/${String(started.body.id)}`, "sre@agency.test")).body.status, { timeout: 10_000 }).toBe("succeeded");
  await api.scratch.prisma.emergencyOverride.updateMany({ where: { endedAt: null }, data: { expiresAt: new Date(Date.now() + 5 * 60_000) } });
}

describe("the notification center", () => {
  test("an override reminder and the procedure's result reach the owner; others and tenant users see none of it", async () => {
    await feed(); // the cursor starts at the log's end: the seed's history is not replayed
    const { url, receiver } = takeReceiver([200]);
    const hook = await createWebhook(url, "generic", ["warning", "critical"]);
    await breakerOverrideDueForReminder();
    const { OverrideSweeper } = await import("@/lib/emergency");
    const { db } = await import("@/lib/db/client");
    expect((await new OverrideSweeper(db().primary, { intervalMs: 60_000, reminderMinutes: 10 }).sweep()).reminded).toHaveLength(1);

    expect(await feed()).toBeGreaterThanOrEqual(2);

    const owner = await notificationsOf("sre@agency.test");
    expect(owner.items.map((item) => item.kind)).toEqual(expect.arrayContaining(["override.reminder", "procedure.result"]));
    expect(owner.items.find((item) => item.kind === "override.reminder")).toMatchObject({ severity: "warning", link: "/ops/emergency", readAt: null });
    expect(owner.unread).toBe(owner.items.length);
    expect((await notificationsOf("manager@agency.test")).items.filter((item) => item.kind === "override.reminder")).toEqual([]);
    expect((await call("GET", "/v1/ops/notifications", "member@agency.test")).status).toBe(403);
    expect((await call("GET", "/v1/ops/notifications/unread", "lead@copperleaf.test")).status).toBe(403);

    // The reminder (a warning) goes to the webhook too, naming the owner; the result (info) does not.
    expect(await dispatch({ maxAttempts: 3, retryBaseMs: 10 })).toMatchObject({ delivered: 1 });
    const posted = JSON.parse(receiver.requests[0]!.body) as Json;
    expect(posted).toMatchObject({ kind: "override.reminder", severity: "warning", recipients: ["sre@agency.test"], url: `${TEST_ORIGIN}/ops/emergency` });
    const { verifySignature } = await import("@/lib/notifications/signature");
    expect(verifySignature(hook.secret, String(receiver.requests[0]!.headers["x-agency-signature"]), receiver.requests[0]!.body, Math.floor(Date.now() / 1000))).toBe(true);

    // Reading the feed again publishes nothing twice.
    await api.scratch.prisma.notificationFeedCursor.update({ where: { id: "audit" }, data: { lastSeq: 0 } });
    await feed();
    expect((await notificationsOf("sre@agency.test")).items).toHaveLength(owner.items.length);
    expect(await dispatch({ maxAttempts: 3, retryBaseMs: 10 })).toMatchObject({ delivered: 0 });
    await call("DELETE", `/v1/ops/notification-webhooks/${hook.id}`, "admin@agency.test");
  });

  test("marking one and all read lowers the unread count; nobody marks another person's notification", async () => {
    const before = await notificationsOf("sre@agency.test");
    expect(before.unread).toBeGreaterThanOrEqual(2);
    const first = before.items[0]!;

    expect((await call("POST", `/v1/account/notifications/${String(first.id)}/read`, "admin@agency.test")).status).toBe(404);
    expect((await call("POST", `/v1/account/notifications/${String(first.id)}/read`, "member@agency.test")).status).toBe(404);
    const read = await call("POST", `/v1/account/notifications/${String(first.id)}/read`, "sre@agency.test");
    expect(read.body).toMatchObject({ id: first.id, readAt: expect.any(String) });
    expect((await call("GET", "/v1/ops/notifications/unread", "sre@agency.test")).body).toEqual({ unread: before.unread - 1 });

    expect((await call("POST", "/v1/account/notifications/read-all", "sre@agency.test")).body).toEqual({ marked: before.unread - 1 });
    expect((await call("GET", "/v1/ops/notifications/unread", "sre@agency.test")).body).toEqual({ unread: 0 });
    expect((await call("POST", "/v1/account/notifications/not-an-id/read", "sre@agency.test")).status).toBe(400);
  });

  test("pages follow the cursor without repeats", async () => {
    const all = await notificationsOf("sre@agency.test");
    const first = await call("GET", "/v1/ops/notifications?limit=1", "sre@agency.test");
    const second = await call("GET", `/v1/ops/notifications?limit=1&cursor=${String(first.body.nextCursor)}`, "sre@agency.test");
    expect([...(first.body.items as Json[]), ...(second.body.items as Json[])].map((item) => item.id)).toEqual(all.items.slice(0, 2).map((item) => item.id));
    expect((await call("GET", "/v1/ops/notifications?cursor=garbage", "sre@agency.test")).status).toBe(400);
  });
});

describe("direct webhooks", () => {
  test("a delivery answered 500 is retried and then delivered, signed each time", async () => {
    const { url, receiver } = takeReceiver([500, 200]);
    const hook = await createWebhook(url, "slack", ["warning"]);
    await publishWarning("retry");

    expect(await dispatch({ maxAttempts: 3, retryBaseMs: 10 })).toMatchObject({ retrying: 1 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await dispatch({ maxAttempts: 3, retryBaseMs: 10 })).toMatchObject({ delivered: 1 });

    expect(receiver.requests).toHaveLength(2);
    const { verifySignature } = await import("@/lib/notifications/signature");
    for (const request of receiver.requests) {
      expect(request.headers["x-agency-delivery"]).toBe(receiver.requests[0]!.headers["x-agency-delivery"]);
      expect(verifySignature(hook.secret, String(request.headers["x-agency-signature"]), request.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifySignature("whsec_wrong", String(request.headers["x-agency-signature"]), request.body, Math.floor(Date.now() / 1000))).toBe(false);
    }
    expect(JSON.parse(receiver.requests[1]!.body)).toMatchObject({ text: "[WARNING] retry", blocks: [{ type: "section" }] });
    await call("DELETE", `/v1/ops/notification-webhooks/${hook.id}`, "admin@agency.test");
  });

  test("a receiver failing every attempt ends in the dead-letter list, and a retry from there delivers", async () => {
    const { url, receiver } = takeReceiver([503]);
    const hook = await createWebhook(url, "generic", ["warning"]);
    await publishWarning("dead");

    for (let attempt = 1; attempt <= 3; attempt++) {
      await dispatch({ maxAttempts: 3, retryBaseMs: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(receiver.requests).toHaveLength(3);
    const { metrics } = await import("@/lib/metrics/registry");
    expect(await metrics.registry.getSingleMetricAsString("agency_notification_webhook_attempts_total")).toMatch(/result="dead"\} 1$/m);
    const dead = await call("GET", "/v1/ops/notification-deliveries/dead", "admin@agency.test");
    expect(dead.body.items).toEqual([expect.objectContaining({ title: "dead", attempts: 3, lastError: "the receiver answered 503", webhook: { id: hook.id, name: expect.any(String) } })]);
    expect((await call("GET", "/v1/ops/notification-deliveries/dead", "sre@agency.test")).status).toBe(403);

    receiver.script([200]);
    const deadId = String((dead.body.items as Json[])[0]!.id);
    expect((await call("POST", `/v1/ops/notification-deliveries/${deadId}/retry`, "admin@agency.test")).status).toBe(200);
    expect(await dispatch({ maxAttempts: 3, retryBaseMs: 1 })).toMatchObject({ delivered: 1 });
    expect((await call("GET", "/v1/ops/notification-deliveries/dead", "admin@agency.test")).body.items).toEqual([]);
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: "notification_delivery.retry", target: `notification_delivery:${deadId}` } })).toBe(1);
    await call("DELETE", `/v1/ops/notification-webhooks/${hook.id}`, "admin@agency.test");
  });

  test("the test-send reports the receiver's answer; creation is audited and the secret is never listed", async () => {
    const { url, receiver } = takeReceiver([200]);
    const hook = await createWebhook(url, "generic", ["critical"]);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    expect((await call("POST", `/v1/ops/notification-webhooks/${hook.id}/test`, "admin@agency.test")).body).toEqual({ delivered: true, status: 200, error: null });
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ kind: "webhook.test", recipients: ["admin@agency.test"] });
    receiver.script([404]);
    expect((await call("POST", `/v1/ops/notification-webhooks/${hook.id}/test`, "admin@agency.test")).body).toEqual({ delivered: false, status: 404, error: "the receiver answered 404" });

    const listed = await call("GET", "/v1/ops/notification-webhooks", "admin@agency.test");
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);
    expect((listed.body.items as Json[]).find((item) => item.id === hook.id)).toMatchObject({ urlHint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…ency$/) });
    expect(await api.scratch.prisma.auditEntry.count({ where: { action: { in: ["notification_webhook.create", "notification_webhook.test"] }, target: `notification_webhook:${hook.id}` } })).toBe(3);
    expect((await call("POST", "/v1/ops/notification-webhooks", "sre@agency.test", { name: "x", url, format: "generic", severities: ["info"] })).status).toBe(403);
    await call("DELETE", `/v1/ops/notification-webhooks/${hook.id}`, "admin@agency.test");
  });

  test("a loopback receiver nobody named is refused by the egress policy", async () => {
    const unnamed = new Receiver([200]);
    const url = await unnamed.start();
    try {
      const hook = await createWebhook(url, "generic", ["info"]);
      const sent = await call("POST", `/v1/ops/notification-webhooks/${hook.id}/test`, "admin@agency.test");
      expect(sent.body).toMatchObject({ delivered: false, status: null, error: expect.stringMatching(/^egress_denied \((port|private_address)\)/) });
      expect(unnamed.requests).toHaveLength(0);
      await call("DELETE", `/v1/ops/notification-webhooks/${hook.id}`, "admin@agency.test");
    } finally {
      await unnamed.stop();
    }
  });

  test("bad input is a 400 naming the field", async () => {
    const refused = await call("POST", "/v1/ops/notification-webhooks", "admin@agency.test", { name: "", url: "ftp://example.com", format: "teams", severities: [] });
    expect(refused.status).toBe(400);
    const paths = (refused.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["json.name", "json.url", "json.format", "json.severities"]));
  });
});

describe("alerts", () => {
  test("a firing alert and its resolve reach every platform user's center and a critical webhook, once each", async () => {
    const { url, receiver } = takeReceiver([200]);
    const hook = await createWebhook(url, "slack", ["critical"]);
    const { Notifier } = await import("@/lib/notifications");
    const { RuleEvaluator } = await import("@/lib/scaling");
    const { writeSamples } = await import("@/lib/metrics/history/postgres-store");
    const { db } = await import("@/lib/db/client");
    const notifier = new Notifier(db().primary, 100);
    notifier.start();
    try {
      const evaluator = new RuleEvaluator(db().primary, 15_000);
      const t0 = Date.now() - 10 * 60_000;
      const at = (seconds: number) => new Date(t0 + seconds * 1000);
      // db-pool-saturated: > 80 % for 2 minutes (critical), keep_firing_for 5 minutes.
      const hold = async (from: number, to: number, value: number) => {
        for (let seconds = from; seconds <= to; seconds += 15) {
          await writeSamples(db().primary, at(seconds), [{ series: "db_pool_utilization", value }]);
          await evaluator.evaluate(at(seconds));
        }
      };
      await hold(0, 120, 0.95);
      await hold(135, 180, 0.95); // still firing: no second notification
      const kindsOf = async (email: string) => (await notificationsOf(email)).items.filter((item) => String(item.kind).startsWith("alert.")).map((item) => `${String(item.kind)} ${String(item.title)}`);
      for (const email of ["viewer@agency.test", "sre@agency.test", "manager@agency.test", "admin@agency.test"]) {
        await expect.poll(() => kindsOf(email), { timeout: 5_000 }).toEqual(["alert.firing DbPoolSaturated is firing"]);
      }
      await expect.poll(() => receiver.requests.length, { timeout: 5_000 }).toBe(1);
      expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ text: "[CRITICAL] DbPoolSaturated is firing" });

      await hold(195, 495, 0.1);
      await expect.poll(() => kindsOf("viewer@agency.test"), { timeout: 5_000 }).toEqual(["alert.resolved DbPoolSaturated resolved", "alert.firing DbPoolSaturated is firing"]);
      await expect.poll(() => receiver.requests.length, { timeout: 5_000 }).toBe(2);
      expect(JSON.parse(receiver.requests[1]!.body)).toMatchObject({ text: "[CRITICAL] DbPoolSaturated resolved" });
    } finally {
      notifier.stop();
      await call("DELETE", `/v1/ops/notification-webhooks/${hook.id}`, "admin@agency.test");
    }
  });
});

/** A warning-severity event published as the notifier would: to the admins' centers and the webhooks. */
async function publishWarning(title: string): Promise<void> {
  const { publishNotification } = await import("@/lib/notifications/publish");
  const { db } = await import("@/lib/db/client");
  await db().primary.$transaction((tx) =>
    publishNotification(tx, {
      key: `test:${randomUUID()}`,
      kind: "test.warning",
      severity: "warning",
      title,
      body: "a warning for the webhook tests",
      link: null,
      occurredAt: new Date().toISOString(),
      recipients: { userIds: [], roles: ["admin"] },
      details: {},
    }),
  );
}
