import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test("an sre watches the overview's request rate move after traffic arrives", async ({ page, request }) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops?range=15m");
  const requestRate = page.getByTestId("stat-http_request_rate").getByTestId("stat-value");
  await expect(requestRate).toHaveText(/req\/s/, { timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Latency (p50 / p95 / p99)" })).toContainText("threshold 2.00 s");
  const before = await requestRate.textContent();

  for (let i = 0; i < 200; i++) await request.get("/api/v1/no-such-route");

  await expect.poll(async () => requestRate.textContent(), { timeout: 15_000 }).not.toBe(before);
  await expect(page.getByText(/updated \d+ s ago/)).toBeVisible();
});

test("an sre sees the replica streaming and in the read rotation on the database view", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/database");
  const replica = page.getByTestId("replica-replica1");
  await expect(replica).toContainText("in rotation", { timeout: 15_000 });
  await expect(replica).toContainText("streaming");
  await expect(page.getByRole("region", { name: "Connection pools" })).toContainText("/ 20");
  await page.getByRole("link", { name: "6h" }).click();
  await expect(page).toHaveURL(/range=6h/);
});
