import { expect, test, type Page } from "@playwright/test";
import { startOwnAlertmanager, type OwnAlertmanager } from "../../tests/support/alertmanager-server";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

// The app was started with ALERTMANAGER_URLS on PORT + 3 (playwright.config.ts); a real
// Alertmanager listens there for this spec. No alert needs to fire: silences are independent.
const PORT = Number(process.env.E2E_PORT ?? 3100);
let alertmanager: OwnAlertmanager;

test.beforeAll(async () => {
  const config = ["route:", "  receiver: nobody", "receivers:", "  - name: nobody", ""].join("\n");
  alertmanager = await startOwnAlertmanager(config, { port: PORT + 3 });
});

test.afterAll(async () => {
  await alertmanager?.stop();
});

async function expectNoHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
}

test("an sre silences a rule in Alertmanager, sees it listed with creator and comment, and ends it", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/alerting");
  await expect(page.getByRole("heading", { name: "Alerting", level: 1 })).toBeVisible();
  await expect(page.getByText("No rule is silenced.")).toBeVisible({ timeout: 15_000 });

  const form = page.getByRole("form", { name: "Silence a rule" });
  await form.getByRole("button", { name: "Silence" }).click();
  await expect(form.getByText("Say why the rule is silenced")).toBeVisible();
  await form.getByLabel("Rule").selectOption("db-pool-saturated");
  await form.getByLabel("For", { exact: true }).selectOption("240");
  await form.getByLabel(/Why/).fill("pool resize, change OPS-42");
  await form.getByRole("button", { name: "Silence" }).click();
  await expect(page.getByTestId("toast")).toContainText("Silenced db-pool-saturated until");

  const row = page.getByRole("row", { name: /db-pool-saturated/ });
  await expect(row).toContainText("sre@agency.test");
  await expect(row).toContainText("pool resize, change OPS-42");
  await expect(row).toContainText(/in (3 h 59 min|4 h)/);
  // Alertmanager itself holds the silence.
  const held = (await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as { comment: string; status: { state: string } }[];
  expect(held).toContainEqual(expect.objectContaining({ comment: "pool resize, change OPS-42", status: { state: "active" } }));
  await page.screenshot({ path: testInfo.outputPath("alerting-light.png"), fullPage: true });

  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: testInfo.outputPath("alerting-dark.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("alerting-mobile-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: testInfo.outputPath("alerting-mobile-light.png"), fullPage: true });

  await row.getByRole("button", { name: "End now" }).click();
  await expect(page.getByTestId("toast")).toContainText("Silence of db-pool-saturated ended");
  await expect(page.getByText("No rule is silenced.")).toBeVisible({ timeout: 10_000 });
});

test("a viewer sees silences read-only, with the reason", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.viewer);
  await expect(page).toHaveURL(/\/ops$/);
  await page.goto("/ops/alerting");
  await expect(page.getByText("Read-only: only SREs and admins can silence rules.")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("form", { name: "Silence a rule" }).getByRole("button", { name: "Silence" })).toBeDisabled();
});
