import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test.use({ viewport: { width: 1280, height: 800 } });

async function setPoolThreshold(page: Page, percent: number) {
  await page.goto("/ops/thresholds?range=15m");
  const pool = page.getByTestId("rule-db-pool-saturated");
  await pool.getByLabel("Threshold (%)").fill(String(percent));
  await pool.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast")).toContainText(`Saved db-pool-saturated: > ${percent} %`, { timeout: 15_000 });
}

async function expectDatabasePageAt(page: Page, percent: number) {
  await page.goto("/ops/database?range=15m");
  // The pools table's state column (its badges are judged against this) and the chart's line.
  await expect(page.getByTestId("pool-state-heading")).toHaveText(`State (threshold ${percent} %)`, { timeout: 15_000 });
  await expect(page.getByText(`scale up above ${percent} % utilized (threshold rule)`)).toBeVisible();
  const chart = page.getByRole("region", { name: "Pool utilization", exact: true });
  await expect(chart.getByText(`threshold ${percent} %`).first()).toBeVisible({ timeout: 15_000 });
  await expect(chart.getByText(`> ${percent} % of pool utilized (threshold rule)`)).toBeVisible();
}

test("editing the DB pool rule moves the database page's threshold line and badge column", async ({ page }, testInfo) => {
  // Four page visits and two saves: more than the default 30 s on a loaded machine.
  test.setTimeout(120_000);
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/, { timeout: 20_000 });

  // The seeded rule is the guide's 80 %.
  await expectDatabasePageAt(page, 80);

  await setPoolThreshold(page, 90);
  await expectDatabasePageAt(page, 90);
  await page.screenshot({ path: testInfo.outputPath("database-pool-at-90.png") });
  await expect(page.getByText("threshold 80 %")).toHaveCount(0);

  // The overview's DB pool tile reads the same rule.
  await page.goto("/ops?range=15m");
  await expect(page.getByTestId("stat-db_pool_utilization")).toContainText("threshold 90 %", { timeout: 15_000 });

  await setPoolThreshold(page, 80);
});
