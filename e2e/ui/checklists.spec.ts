import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

test.use({ viewport: { width: 1280, height: 800 } });

type Detail = { event: { id: string }; checklists: { kind: string; current: { id: string; items: { key: string }[] } }[] };

test("a manager signs off a completed checklist, which becomes read-only; an incomplete one cannot be signed", async ({ page, request }, testInfo) => {
  // The sre's part goes through the API: open an event and tick every pre-scaling item.
  await signInThroughApi(request, ACCOUNTS.sre);
  const opened = await request.post("/api/v1/ops/scaling-events", { data: { reason: "E2E: add a read replica before the launch" } });
  expect(opened.status(), await opened.text()).toBe(201);
  const detail = (await opened.json()) as Detail;
  const pre = detail.checklists.find((checklist) => checklist.kind === "pre_scaling")!.current;
  const implementation = detail.checklists.find((checklist) => checklist.kind === "implementation")!.current;
  for (const item of pre.items) {
    const ticked = await request.put(`/api/v1/ops/checklist-runs/${pre.id}/items/${item.key}`, { data: { done: true, note: `checked ${item.key}` } });
    expect(ticked.status(), await ticked.text()).toBe(200);
  }

  // The browser context's request shares its cookies: the manager is signed in for the page too.
  await signInThroughApi(page.request, ACCOUNTS.manager);
  await page.goto(`/ops/checklists?event=${detail.event.id}`);
  await expect(page.getByTestId("event-reason")).toHaveText("E2E: add a read replica before the launch");

  // Incomplete: the button says why it is disabled, and the API refuses it too.
  const implementationCard = page.getByTestId("checklist-implementation");
  await expect(implementationCard.getByRole("button", { name: "Sign off" })).toBeDisabled();
  await expect(implementationCard.getByText("Disabled: 6 items still open")).toBeVisible();
  const refused = await page.request.post(`/api/v1/ops/checklist-runs/${implementation.id}/sign-off`);
  expect(refused.status()).toBe(422);
  expect((await refused.json()) as { detail: string }).toMatchObject({ detail: expect.stringContaining("6 items are not done") });

  const preCard = page.getByTestId("checklist-pre_scaling");
  await expect(preCard.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "5");
  await preCard.getByRole("button", { name: "Sign off" }).click();

  const record = preCard.getByTestId("sign-off-record");
  await expect(record).toContainText("Signed by manager@agency.test");
  await expect(record).toContainText(/evidence sha256 [0-9a-f]{64} · matches the stored bundle/);
  await expect(preCard.getByText("Signed · read-only")).toBeVisible();
  for (const checkbox of await preCard.getByRole("checkbox").all()) await expect(checkbox).toBeDisabled();
  await expect(preCard.getByRole("button", { name: "Evidence" }).first()).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("checklists-signed.png"), fullPage: true });

  // Read-only for the sre as well: the API answers 409.
  const edit = await request.put(`/api/v1/ops/checklist-runs/${pre.id}/items/budget-approved`, { data: { done: false } });
  expect(edit.status()).toBe(409);

  // The sign-off is in the audit chain, which still verifies.
  await page.goto("/ops/audit?action=checklist.sign_off");
  await expect(page.getByRole("cell", { name: `checklist_run:${pre.id}` })).toBeVisible();
  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByTestId("verify-result")).toContainText(/✓ ok, \d+ entries/);
  await page.screenshot({ path: testInfo.outputPath("audit-log.png"), fullPage: true });
});

test("a tenant member refused the ops pages is recorded in the platform's audit log, under no tenant", async ({ page, request }) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  const refused = await page.goto("/ops/checklists");
  expect(refused?.status()).toBe(403);

  // Reading the platform's audit log is the platform manager's job.
  await signInThroughApi(request, ACCOUNTS.manager);
  const member = (await (await page.request.get("/api/v1/me")).json()) as { user: { id: string } };
  const entries = await request.get(`/api/v1/ops/audit?action=authz.denied&actor=${encodeURIComponent(ACCOUNTS.member)}&target=${encodeURIComponent("page /ops")}`);
  expect(entries.status()).toBe(200);
  const body = (await entries.json()) as { items: { actorUserId: string; target: string; tenantId: string | null; after: { reason: string; role: string } }[] };
  expect(body.items[0]).toMatchObject({ actorUserId: member.user.id, target: "page /ops", tenantId: null, after: { role: "member", platformRole: null, reason: "requires a platform role" } });
});

test("an sre ticks an item with evidence and lets the system verify the alerting rules", async ({ page }, testInfo) => {
  await signInThroughApi(page.request, ACCOUNTS.sre);
  await page.goto("/ops/checklists");
  await page.getByLabel("New scaling event: what is changing and why").fill("E2E: sre walk-through");
  await page.getByRole("button", { name: "Open scaling event" }).click();
  await expect(page.getByTestId("event-reason")).toHaveText("E2E: sre walk-through");
  await expect(page).toHaveURL(/event=[0-9a-f-]{36}/);

  const pre = page.getByTestId("checklist-pre_scaling");
  const bottlenecks = pre.getByTestId("item-bottlenecks-identified");
  await bottlenecks.getByRole("button", { name: "Evidence" }).click();
  await bottlenecks.getByLabel("Note").fill("pool saturation at 80 % during the sale");
  await bottlenecks.getByLabel("Link (https://…)").fill("https://wiki.example/capacity");
  await bottlenecks.getByLabel("Attach current metrics").check();
  await bottlenecks.getByRole("button", { name: "Save evidence" }).click();
  await expect(bottlenecks.getByText("Note: pool saturation at 80 % during the sale")).toBeVisible();
  await expect(bottlenecks.getByText(/^Metrics at /)).toBeVisible();
  await bottlenecks.getByRole("checkbox", { name: "Bottlenecks identified and prioritized" }).check();
  await expect(bottlenecks.getByText(/Done by sre@agency\.test/)).toBeVisible();
  await expect(pre.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");

  const monitoring = page.getByTestId("checklist-implementation").getByTestId("item-monitoring-updated");
  await expect(monitoring.getByRole("checkbox")).toBeDisabled();
  await monitoring.getByRole("button", { name: "Verify" }).click();
  await expect(monitoring.getByTestId("verification-chip")).toContainText("enabled rules cover CPU, memory, DB pool and p95 latency");
  await page.screenshot({ path: testInfo.outputPath("checklists-sre.png"), fullPage: true });
});
