import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

/** The number on a dashboard stat card. */
async function dashboardNumber(page: Page, card: string): Promise<number> {
  const text = await page.getByTestId(`dashboard-${card}`).getByTestId("stat-value").textContent({ timeout: 15_000 });
  return Number(text);
}

test("an agency user runs a workflow, watches it complete, and finds it in history and in the dashboard's numbers", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.goto("/app");
  const me = (await (await page.request.get("/api/v1/me")).json()) as { active: { tenantId: string } };

  // An admin of the member's tenant defines the workflow (seeded through the API, not clicked).
  const name = `Onboarding ${randomBytes(3).toString("hex")}`;
  await signInThroughApi(request, ACCOUNTS.admin);
  expect((await request.put("/api/v1/session/tenant", { data: { tenantId: me.active.tenantId } })).status()).toBe(200);
  const created = await request.post("/api/v1/workflows", {
    data: {
      name,
      steps: [
        { id: "wait", type: "delay", config: { ms: 1500 } },
        { id: "greet", type: "transform", config: { expression: { greeting: "Hello {{$input.who}}", waited: true } } },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  // The dashboard as it stands before the run (this also fills its cache).
  await expect(page.getByTestId("dashboard-runs-24h").getByTestId("stat-value")).not.toBeEmpty({ timeout: 15_000 });
  const runsBefore = await dashboardNumber(page, "runs-24h");
  const succeededBefore = await dashboardNumber(page, "succeeded-24h");

  await page.getByRole("link", { name: "Workflows" }).click();
  await expect(page).toHaveURL(/\/app\/workflows$/);
  await page.getByRole("button", { name: `Run ${name}` }).click();
  await expect(page.getByTestId("workflow-notice")).toContainText(`Started “${name}”`);
  await page.getByRole("link", { name: "Watch its timeline" }).click();

  // The timeline updates by itself until the run ends.
  await expect(page).toHaveURL(/\/app\/workflows\/executions\/[0-9a-f-]{36}$/);
  const executionId = page.url().split("/").at(-1)!;
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByTestId("step-run")).toHaveCount(2);
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("step-run").nth(0)).toHaveAttribute("data-step-status", "succeeded");
  await expect(page.getByTestId("step-run").nth(1)).toHaveAttribute("data-step-status", "succeeded");
  await expect(page.getByText("Finished · not refreshing")).toBeVisible();
  await expect(page.getByTestId("execution-event").filter({ hasText: "Succeeded" }).last()).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel execution" })).toBeDisabled();
  await page.screenshot({ path: ".test-results/workflow-execution.png", fullPage: true });

  // History: the newest execution in the table, succeeded.
  await page.getByRole("link", { name: "← Workflows" }).click();
  const row = page.locator(`[data-testid="execution-row"][data-execution-id="${executionId}"]`);
  await expect(row).toContainText(name);
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  await page.getByLabel("Filter by status").selectOption("succeeded");
  await expect(row).toBeVisible();
  await page.getByLabel("Filter by status").selectOption("failed");
  await expect(row).toHaveCount(0);
  await page.screenshot({ path: ".test-results/workflows.png", fullPage: true });

  // The dashboard counts it (a finished run drops the tenant's cached numbers).
  await expect
    .poll(
      async () => {
        await page.goto("/app");
        return [await dashboardNumber(page, "runs-24h"), await dashboardNumber(page, "succeeded-24h")];
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toEqual([runsBefore + 1, succeededBefore + 1]);
  // The member's own requests make them an active user once the instance has written its batch (every 5 s).
  await expect
    .poll(async () => ((await (await page.request.get("/api/v1/dashboard/active-users")).json()) as { last5m: number }).last5m, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(1);
  await page.reload();
  await expect(page.getByTestId("active-users-last5m")).not.toHaveText("0");
  await page.screenshot({ path: ".test-results/dashboard.png", fullPage: true });
});

test("an admin's workflow editor shows the API's validation errors on the field", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughApi(page.request, ACCOUNTS.admin);
  await page.goto("/app/workflows");
  await page.getByRole("button", { name: "New workflow" }).click();
  const editor = page.getByRole("form", { name: "New workflow" });
  await editor.getByLabel("Name", { exact: true }).fill(`Checker ${randomBytes(3).toString("hex")}`);
  await editor.getByRole("button", { name: "+ HTTP request" }).click();
  const httpStep = editor.getByTestId("step-1");
  await httpStep.getByLabel("URL").fill("ftp://files.example/report");
  await httpStep.getByLabel("Timeout (ms)").fill("2.5");
  await editor.getByRole("button", { name: "Create workflow" }).click();
  // The form's own check: not a whole number.
  await expect(httpStep.getByTestId("field-error")).toHaveText("a whole number");

  await httpStep.getByLabel("Timeout (ms)").fill("5000");
  await editor.getByRole("button", { name: "Create workflow" }).click();
  // The server's check, on the field it names.
  await expect(httpStep.getByTestId("field-error")).toContainText("http:// or https://");
  await page.screenshot({ path: ".test-results/workflow-editor.png", fullPage: true });

  await httpStep.getByLabel("URL").fill("https://example.com/report");
  await editor.getByRole("button", { name: "Create workflow" }).click();
  await expect(page.getByTestId("workflow-notice")).toContainText("Saved");
});

test("an sre sees the queue view with live figures and the dead-letter list", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughApi(page.request, ACCOUNTS.sre);
  await page.goto("/ops/queue?range=15m");
  await expect(page.getByTestId("queue-running").getByTestId("stat-value")).toHaveText(/^\d+ \/ \d+$/, { timeout: 15_000 });
  await expect(page.getByTestId("queue-depth")).toContainText("before 503");
  await expect(page.getByRole("region", { name: "Dead letters" })).toBeVisible();
  await page.getByRole("button", { name: "Retry all…" }).click();
  await expect(page.getByTestId("retry-all-preview")).toBeVisible();
  await page.screenshot({ path: ".test-results/ops-queue.png", fullPage: true });
});
