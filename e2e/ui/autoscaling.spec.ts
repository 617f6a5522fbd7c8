import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test.use({ viewport: { width: 1280, height: 800 } });

test("an sre sees the policy and the simulator, changes the CPU target and saves it", async ({ page }, testInfo) => {
  // A line needs two 15 s steps of history, and the fresh server has none at first.
  test.setTimeout(90_000);
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/autoscaling?range=15m");

  const policy = page.getByRole("region", { name: "Autoscaling policy" });
  const cpuTarget = policy.getByLabel("CPU target (%)");
  await expect(cpuTarget).toHaveValue("70", { timeout: 15_000 });
  await expect(policy.getByTestId("policy-source")).toContainText("not saved yet");
  await expect(page.getByTestId("live-recommendation")).toBeVisible();
  await expect(page.getByTestId("hpa-yaml")).toContainText("kind: HorizontalPodAutoscaler");
  // The webServer samples every second; the simulator replays it in 15 s steps.
  const simulator = page.getByTestId("simulator");
  await expect(simulator.getByTestId("simulation-summary")).toContainText(/^Peak \d+ · /, { timeout: 20_000 });
  await expect(simulator.locator(".recharts-surface").first()).toBeVisible();
  // A flat line has no height, so check the lines exist and the legend names them.
  await expect(simulator.locator(".recharts-line-curve")).toHaveCount(2, { timeout: 50_000 });
  await expect(simulator.locator(".recharts-legend-item-text")).toHaveText(["actual instances", "recommended (saved policy)"]);
  await expect(page.getByTestId("rule-disagreements")).toContainText("match");
  await page.screenshot({ path: testInfo.outputPath("autoscaling-sre.png") });

  await cpuTarget.fill("0");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(cpuTarget).toHaveAttribute("aria-invalid", "true");
  await expect(policy.getByText(/expected number to be >0|Too small/i)).toBeVisible();

  await cpuTarget.fill("60");
  await expect(simulator).toContainText("recommended (draft)");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("toast")).toContainText(/Saved the autoscaling policy\. Audit entry recorded at \d/);
  await expect(policy.getByTestId("policy-source")).toContainText("saved by sre@agency.test");
  await expect(cpuTarget).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("hpa-yaml")).toContainText("averageUtilization: 60");
  await expect(page.getByTestId("rule-disagreements")).toContainText("Alert rule cpu-high fires above 70 % CPU, the autoscaler targets 60 %");
  await page.screenshot({ path: testInfo.outputPath("autoscaling-saved.png"), fullPage: true });

  await page.reload();
  await expect(page.getByRole("region", { name: "Autoscaling policy" }).getByLabel("CPU target (%)")).toHaveValue("60", { timeout: 15_000 });
});

test("a manager sees the policy read-only, with the reason", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.manager);
  await expect(page).toHaveURL(/\/ops$/);
  await page.goto("/ops/autoscaling");

  const policy = page.getByRole("region", { name: "Autoscaling policy" });
  await expect(policy.getByText("only SREs and admins can change the autoscaling policy")).toBeVisible({ timeout: 15_000 });
  await expect(policy.getByLabel("CPU target (%)")).toBeDisabled();
  await expect(policy.getByRole("button", { name: "Save policy" })).toBeDisabled();
});

test("an sre pauses autoscaling with a reason, sees who paused it until when, and resumes it", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.goto("/ops/autoscaling");
  const pause = page.getByTestId("autoscaling-pause");

  await pause.getByLabel("Reason").fill("load test of the checkout flow");
  await pause.getByLabel("For (min)").fill("30");
  await pause.getByRole("button", { name: "Pause" }).click();
  await expect(pause).toContainText("Paused by sre@agency.test: load test of the checkout flow");
  await expect(pause).toContainText(/Resumes by itself in (29|30) min/);

  await pause.getByRole("button", { name: "Resume now" }).click();
  await expect(pause.getByRole("button", { name: "Pause" })).toBeVisible();
});
