import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test("an sre reads the live detectors on the troubleshooting page", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/troubleshooting");

  const pool = page.getByRole("region", { name: "Connection pool exhaustion" });
  await expect(pool).toContainText(/OK|Warning|Critical/, { timeout: 15_000 });
  await expect(pool).toContainText("Clients waiting for a connection");
  await expect(pool).toContainText("agency-toolkit");
  const memory = page.getByRole("region", { name: "Memory leak" });
  await expect(memory).toContainText("Heap-after-GC slope (least squares)");
  await expect(memory.getByRole("button", { name: "Take heap snapshot (admin only)" })).toBeDisabled();
  const locks = page.getByRole("region", { name: "Lock contention" });
  await expect(locks).toContainText("No session is waiting on a lock");
  await expect(page.getByText(/updated \d+ s ago/)).toBeVisible();

  await page.getByText("Remedies").first().focus();
  await page.keyboard.press("Enter");
  await expect(pool).toContainText("PgBouncer");

  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: "test-results/troubleshooting.png", fullPage: true });
});

test("a manager sees the detectors but not the sre-only actions", async ({ page, request }) => {
  await signInThroughPage(page, ACCOUNTS.manager);
  await expect(page).toHaveURL(/\/ops$/);
  await page.goto("/ops/troubleshooting");
  await expect(page.getByRole("region", { name: "Lock contention" })).toBeVisible({ timeout: 15_000 });
  const response = await page.request.post("/api/v1/ops/diagnostics/blockers/1/preview", { data: { action: "cancel" } });
  expect(response.status()).toBe(403);
  expect((await request.get("/api/v1/ops/diagnostics")).status()).toBe(401);
});
