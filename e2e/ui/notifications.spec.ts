import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { expect as baseExpect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

// The notification center and a webhook receive a firing alert and an override reminder. The
// receiver listens on the app's port + 1, the one loopback address playwright.config.ts names
// in NOTIFICATION_WEBHOOK_ALLOWED_ADDRESSES (webhooks reach no other private address).

test.use({ trace: "retain-on-failure", screenshot: "only-on-failure" });
// Pages poll every few seconds and the control loop samples every second; a busy machine needs slack.
const expect = baseExpect.configure({ timeout: 30_000 });

const RECEIVER_PORT = Number(process.env.E2E_PORT ?? 3100) + 1;
type Received = { headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let receiver: Server;

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(RECEIVER_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function signedIn(browser: Browser, email: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width > 500 ? 800 : 844 } });
  await signInThroughApi(context.request, email);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[${email}] page error: ${error.message}`));
  return page;
}

/** What a receiver does with the header (README: Notifications). */
function signatureHolds(secret: string, header: string, body: string): boolean {
  const [t, v1] = header.split(",").map((part) => part.split("=")[1]);
  return createHmac("sha256", secret).update(`${t}.${body}`).digest("hex") === v1;
}

const eventsOfKind = (kind: string) => received.map((request) => ({ request, event: JSON.parse(request.body) as { kind: string; title: string; recipients: string[] } })).filter(({ event }) => event.kind === kind);

async function setMemoryRule(request: APIRequestContext, rule: { threshold: number; forSeconds: number; keepFiringForSeconds: number; enabled?: boolean }) {
  const response = await request.put("/api/v1/ops/rules/memory-high", { data: { enabled: true, ...rule, severity: "warning" } });
  expect(response.status(), await response.text()).toBe(200);
}

async function runBreaker(request: APIRequestContext, input: Record<string, unknown>) {
  const started = await request.post("/api/v1/ops/emergency/circuit-breaker/runs", { data: { input, confirmation: "Limit to core features", idempotencyKey: randomUUID() } });
  expect(started.status(), await started.text()).toBe(202);
  const { id } = (await started.json()) as { id: string };
  await expect.poll(async () => ((await (await request.get(`/api/v1/ops/emergency/runs/${id}`)).json()) as { status: string }).status, { timeout: 15_000 }).toBe("succeeded");
}

test("a firing alert and an override reminder reach the sre's notification center and a signed webhook", async ({ browser }, testInfo) => {
  // The alert needs the control loop to sample and evaluate a few times: seconds, more on a busy machine.
  test.setTimeout(240_000);
  const admin = await signedIn(browser, ACCOUNTS.admin);
  const sre = await signedIn(browser, ACCOUNTS.sre);

  // The memory rule may be firing already (an earlier spec, or a busy machine): switched off, it
  // resolves, so lowering it below starts a new episode that the webhook added now is sent.
  await setMemoryRule(admin.request, { threshold: 80, forSeconds: 300, keepFiringForSeconds: 300, enabled: false });

  // The admin adds a generic JSON webhook for warnings and criticals; its secret is shown once.
  await admin.goto("/ops/notifications");
  await expect(admin.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(admin.getByText("No webhooks yet.")).toBeVisible({ timeout: 30_000 });
  await admin.getByLabel("Name").fill("ops receiver");
  await admin.getByLabel("URL").fill(`http://127.0.0.1:${RECEIVER_PORT}/hooks/agency`);
  await admin.getByLabel("Generic JSON").check();
  await admin.getByRole("button", { name: "Add webhook" }).click();
  await expect(admin.getByLabel("Signing secret")).toBeVisible({ timeout: 30_000 });
  const secret = await admin.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  await admin.getByRole("button", { name: "Done" }).click();
  const row = admin.getByTestId("webhook-row").filter({ hasText: "ops receiver" });
  await expect(row).toContainText("warning, critical", { timeout: 30_000 });
  await row.getByRole("button", { name: "Send test" }).click();
  await expect(row.getByTestId("webhook-test-result")).toHaveText("Delivered (the receiver answered 204).", { timeout: 30_000 });
  await admin.screenshot({ path: testInfo.outputPath("notifications-settings.png"), fullPage: true });

  // An alert that fires within seconds, and an override that lapses within the reminder window.
  await setMemoryRule(admin.request, { threshold: 0.1, forSeconds: 1, keepFiringForSeconds: 0 });
  try {
    await runBreaker(sre.request, { action: "activate", scope: "marketplace", durationMinutes: 5 });

    await sre.goto("/ops");
    const bell = sre.getByTestId("notification-bell");
    await expect(bell).toHaveAccessibleName(/Notifications, \d+ unread/, { timeout: 60_000 });
    await bell.click();
    const panel = sre.getByRole("region", { name: "Notifications" });
    // A sample missing on a busy machine resolves the alert and the next one fires it again (as in
    // Prometheus): there may be more than one firing item, each its own episode.
    await expect(panel.getByTestId("notification-item").filter({ hasText: "MemoryHigh is firing" }).first()).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByTestId("notification-item").filter({ hasText: "Your circuit-breaker override (marketplace) lapses soon" })).toBeVisible({ timeout: 60_000 });
    await sre.screenshot({ path: testInfo.outputPath("notifications-bell.png") });

    // The same two events reached the webhook, signed with the secret; the reminder names its owner.
    await expect.poll(() => eventsOfKind("alert.firing").length, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => eventsOfKind("override.reminder").length, { timeout: 60_000 }).toBe(1);
    const [reminder] = eventsOfKind("override.reminder");
    expect(reminder!.event.recipients).toEqual([ACCOUNTS.sre]);
    for (const { request } of [...eventsOfKind("alert.firing"), reminder!]) expect(signatureHolds(secret, String(request.headers["x-agency-signature"]), request.body)).toBe(true);

    // Mark all read: the count goes, the items stay, read.
    await panel.getByRole("button", { name: "Mark all read" }).click();
    await expect(bell).toHaveAccessibleName("Notifications");
    await expect(panel.locator('[data-unread="true"]')).toHaveCount(0);
    await sre.keyboard.press("Escape");
    await expect(panel).toBeHidden();
  } finally {
    await setMemoryRule(admin.request, { threshold: 80, forSeconds: 300, keepFiringForSeconds: 300 });
    await runBreaker(sre.request, { action: "deactivate", scope: "marketplace" });
  }

  // A tenant-only user has no bell and no access to the notifications API.
  const member = await signedIn(browser, ACCOUNTS.member);
  await member.goto("/app");
  await expect(member.getByTestId("user-name")).toBeVisible();
  await expect(member.getByTestId("notification-bell")).toHaveCount(0);
  expect((await member.request.get("/api/v1/ops/notifications")).status()).toBe(403);
});

test("the bell's panel fits a phone, in the dark theme too", async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const sre = await signedIn(browser, ACCOUNTS.sre, 390);
  await sre.emulateMedia({ colorScheme: "dark" });
  await sre.goto("/ops");
  await sre.getByTestId("notification-bell").click();
  const panel = sre.getByRole("region", { name: "Notifications" });
  await expect(panel).toBeVisible();
  const box = await panel.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await sre.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await sre.screenshot({ path: testInfo.outputPath("notifications-bell-390-dark.png") });
});
