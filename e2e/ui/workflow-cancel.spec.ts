import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

test("cancelling a run asks first, says what it does, and then stops the run", async ({ page }) => {
  test.setTimeout(60_000);
  await signInThroughApi(page.request, ACCOUNTS.admin);
  const name = `Slow import ${randomBytes(3).toString("hex")}`;
  const created = await page.request.post("/api/v1/workflows", { data: { name, steps: [{ id: "wait", type: "delay", config: { ms: 60_000 } }] } });
  expect(created.status(), await created.text()).toBe(201);
  const workflow = (await created.json()) as { id: string };
  const started = await page.request.post(`/api/v1/workflows/${workflow.id}/executions`, { data: {} });
  expect(started.status(), await started.text()).toBe(202);
  const execution = (await started.json()) as { id: string };

  await page.goto(`/app/workflows/executions/${execution.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await page.getByRole("button", { name: "Cancel execution" }).click();
  const confirm = page.getByRole("group", { name: "Confirm cancellation" });
  await expect(confirm).toContainText("A cancelled run cannot be resumed.");

  // Keeping it running changes nothing.
  await confirm.getByRole("button", { name: "Keep running" }).click();
  await expect(confirm).toHaveCount(0);
  expect(((await (await page.request.get(`/api/v1/workflow-executions/${execution.id}`)).json()) as { cancelRequested: boolean }).cancelRequested).toBe(false);

  await page.getByRole("button", { name: "Cancel execution" }).click();
  await page.getByRole("group", { name: "Confirm cancellation" }).getByRole("button", { name: "Stop the run" }).click();
  await expect(page.getByRole("heading", { level: 1 }).locator("[data-status]")).toHaveAttribute("data-status", "cancelled", { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Cancel execution" })).toBeDisabled();
});
