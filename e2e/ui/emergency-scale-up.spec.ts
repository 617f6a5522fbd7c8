import { expect, test, type APIRequestContext } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

const SCALE_UP = "Immediate scale-up";

type Instances = { desired: number; instances: { pid: number; state: string }[] };
type Overrides = { items: { id: string; kind: string }[] };

test.describe.configure({ timeout: 120_000 });

const serving = async (request: APIRequestContext) => ((await (await request.get("/api/v1/ops/instances")).json()) as Instances).instances.filter((instance) => instance.state === "serving").length;

test("in local mode an sre's immediate scale-up takes 2 instances to 3, the overview shows 3 and marks the run on its charts", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  // Signed in over the API: the page shares the context's session cookie.
  const api = page.request;
  await signInThroughApi(api, ACCOUNTS.sre);

  // Two real processes to start from (the server under test starts with one).
  expect((await api.put("/api/v1/ops/instances", { data: { desired: 2 } })).status()).toBe(200);
  await expect.poll(() => serving(api), { timeout: 30_000 }).toBe(2);

  await page.goto("/ops/emergency");
  const card = page.getByTestId("procedure-scale-up");
  await card.getByRole("button", { name: "Preview (dry run)" }).click();
  const preview = card.getByTestId("procedure-preview");
  await expect(preview).toContainText("2 → 3 instances; minimum instances 1 → 3");
  await card.getByRole("button", { name: "Run…" }).click();
  const dialog = page.getByRole("dialog", { name: `Run “${SCALE_UP}”?` });
  await dialog.getByLabel(`Type ${SCALE_UP} to confirm`).fill(SCALE_UP);
  const runAt = Date.now();
  await dialog.getByRole("button", { name: "Run now" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => serving(api), { timeout: 60_000, intervals: [250] }).toBe(3);
  console.info(`scale-up 2 → 3: the third instance served ${((Date.now() - runAt) / 1000).toFixed(1)} s after "Run now"`);
  await expect(card.getByTestId("run-status")).toContainText("Succeeded", { timeout: 60_000 });
  await expect(page.getByTestId("active-override")).toContainText("owner sre@agency.test");
  await page.screenshot({ path: ".test-results/emergency-scale-up-done.png", fullPage: true });

  await page.goto("/ops?range=15m");
  await expect(page.getByTestId("instance-count")).toHaveText("3", { timeout: 30_000 });
  expect(await serving(api)).toBe(3);
  // The run is a marker on the overview's charts (with the instance change and the raised
  // minimum at about the same moment); focusing it from the keyboard explains it.
  // Other specs' procedure runs may be on the chart too: pick the marker that names this one.
  const marker = page.locator(`[data-annotation*="procedure:"][aria-label*="${SCALE_UP}"]`).first();
  await expect(marker).toBeVisible({ timeout: 20_000 });
  await marker.focus();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toContainText(`${SCALE_UP}: succeeded`);
  await expect(tooltip).toContainText("minimum instances raised to 3");
  await page.screenshot({ path: ".test-results/emergency-scale-up-overview.png", fullPage: true });

  // Leave the server as other specs expect it: the override ended, one instance.
  const { items: overrides } = (await (await api.get("/api/v1/ops/emergency/overrides")).json()) as Overrides;
  for (const override of overrides.filter((candidate) => candidate.kind === "min-instances")) {
    expect((await api.post(`/api/v1/ops/emergency/overrides/${override.id}/end`, { data: { reason: "end-to-end test done" } })).status()).toBe(200);
  }
  expect((await api.put("/api/v1/ops/instances", { data: { desired: 1 } })).status()).toBe(200);
  await expect.poll(() => serving(api), { timeout: 30_000 }).toBe(1);
});
