import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

const RULE_IDS = ["cpu-high", "memory-high", "db-pool-saturated", "p95-latency-high"];

test.use({ viewport: { width: 1280, height: 800 } });

test("an sre sees the four default rules with their states and changes the DB pool threshold", async ({ page }, testInfo) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/thresholds?range=15m");

  for (const id of RULE_IDS) {
    await expect(page.getByTestId(`rule-${id}`).getByTestId("rule-state")).toContainText(/OK|Warning|Critical|No data/, { timeout: 15_000 });
  }
  // The webServer samples (and evaluates) every second, so CPU soon has a value.
  await expect(page.getByTestId("rule-cpu-high").getByTestId("rule-value")).toHaveText(/\d %$/, { timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Time range" }).or(page.getByRole("navigation", { name: "Time range" }))).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("thresholds-sre.png") });

  const pool = page.getByTestId("rule-db-pool-saturated");
  await expect(pool.getByTestId("rule-threshold")).toHaveText("> 80 %");
  const threshold = pool.getByLabel("Threshold (%)");

  await threshold.fill("150");
  await pool.getByRole("button", { name: "Save" }).click();
  await expect(pool.getByText(/between 0 and 100 %/)).toBeVisible();
  await expect(threshold).toHaveAttribute("aria-invalid", "true");

  await threshold.fill("75");
  await pool.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast")).toContainText(/Saved db-pool-saturated: > 75 %\. Audit entry recorded at \d/);
  await expect(pool.getByText(/Saved; audit entry at \d/)).toBeVisible();
  await expect(pool.getByTestId("rule-threshold")).toHaveText("> 75 %");
  await page.screenshot({ path: testInfo.outputPath("thresholds-saved.png") });

  await page.reload();
  await expect(page.getByTestId("rule-db-pool-saturated").getByTestId("rule-threshold")).toHaveText("> 75 %", { timeout: 15_000 });
});

test("an sre lowers the memory threshold and watches the alert fire on the rule's chart", async ({ page }, testInfo) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/thresholds?range=15m");
  const memory = page.getByTestId("rule-memory-high");
  await expect(memory.getByTestId("rule-value")).toHaveText(/\d %$/, { timeout: 15_000 });

  // The process uses a few percent of its memory limit: 0.1 % with a 3 s `for` fires within seconds.
  await memory.getByLabel("Threshold (%)").fill("0.1");
  await memory.getByLabel("For (s)", { exact: true }).fill("3");
  await memory.getByLabel("Keep firing for (s)").fill("0");
  await memory.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast")).toContainText("Saved memory-high");

  await expect(memory.getByTestId("rule-state")).toContainText(/Critical\s*Firing for/, { timeout: 20_000 });
  await expect(memory.getByText(/[1-9]\d* state changes? in 15m/)).toBeVisible({ timeout: 10_000 });
  await expect(memory.locator(".recharts-reference-area").first()).toBeVisible();
  await memory.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("thresholds-firing.png") });

  await memory.getByLabel("Threshold (%)").fill("80");
  await memory.getByLabel("For (s)", { exact: true }).fill("300");
  await memory.getByLabel("Keep firing for (s)").fill("300");
  await memory.getByRole("button", { name: "Save" }).click();
  await expect(memory.getByTestId("rule-threshold")).toHaveText("> 80 %");
});

test("a manager sees the rules but the edit form disabled, with the reason", async ({ page }, testInfo) => {
  await signInThroughPage(page, ACCOUNTS.manager);
  await expect(page).toHaveURL(/\/ops$/);
  await page.goto("/ops/thresholds");

  const cpu = page.getByTestId("rule-cpu-high");
  await expect(cpu.getByText("only SREs and admins can change rules")).toBeVisible({ timeout: 15_000 });
  await expect(cpu.getByLabel("Threshold (%)")).toBeDisabled();
  await expect(cpu.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(page.getByTestId("rule-p95-latency-high").getByLabel("Threshold (s)")).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("thresholds-manager.png") });
});
