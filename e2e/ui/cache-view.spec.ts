import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test("an sre sees the cache in embedded L1-only mode and warms it now", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/cache?range=15m");

  await expect(page.getByTestId("cache-mode")).toHaveText("L1 only (no REDIS_URL)", { timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Mode and Redis breaker" })).toContainText("not in use (no Redis)");
  await expect(page.getByTestId("level-l1")).toBeVisible();

  await page.getByRole("button", { name: "Warm now" }).click();
  const result = page.getByTestId("warm-result");
  await expect(result).toContainText("popular-templates", { timeout: 20_000 });
  await expect(result.getByRole("row").nth(1)).toHaveText(/popular-templates\s*\d+\s*0\s*\d+\s*\d+ ms/);
  await expect(result).toContainText("Audit entry");
  await page.screenshot({ path: ".test-results/cache-view.png", fullPage: true });
});

test("a manager sees the actions disabled and why", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.manager);
  await expect(page).toHaveURL(/\/ops$/);
  await page.goto("/ops/cache");
  await expect(page.getByTestId("cache-mode")).toHaveText("L1 only (no REDIS_URL)", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Warm now" })).toBeDisabled();
  await expect(page.getByText("Only SREs and admins can invalidate or warm.").first()).toBeVisible();
});
