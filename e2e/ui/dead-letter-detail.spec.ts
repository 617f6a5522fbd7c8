import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

test("an operator opens a dead letter and sees the failing step, each failed attempt and the input it read", async ({ page }) => {
  // Four attempts with the default retry delay (5 s) between them.
  test.setTimeout(90_000);
  await signInThroughApi(page.request, ACCOUNTS.admin);
  const name = `Sync invoices ${randomBytes(3).toString("hex")}`;
  const created = await page.request.post("/api/v1/workflows", {
    data: {
      name,
      steps: [
        { id: "prepare", type: "transform", config: { expression: { invoice: "INV-7", total: 120 } } },
        { id: "push", type: "fail", config: { message: "ledger API answered 503" } },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const started = await page.request.post(`/api/v1/workflows/${((await created.json()) as { id: string }).id}/executions`, { data: {} });
  expect(started.status()).toBe(202);
  const executionId = ((await started.json()) as { id: string }).id;
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/workflow-executions/${executionId}`)).json()) as { status: string }).status, { timeout: 60_000, intervals: [1_000] })
    .toBe("failed");

  await page.goto("/ops/queue?range=15m");
  const row = page.getByTestId("dead-letter-row").filter({ hasText: name });
  await expect(row).toContainText("push");
  await row.getByRole("button", { name: `Details of execution ${executionId}` }).click();
  const detail = page.getByTestId("dead-letter-detail");
  await expect(detail).toContainText("Step 2 push (fail), 4 attempts");
  await expect(detail.getByRole("list", { name: "Failed attempts" }).getByRole("listitem")).toHaveCount(4);
  await expect(detail.getByRole("list", { name: "Failed attempts" })).toContainText("ledger API answered 503");
  await expect(detail.locator("pre")).toContainText('"invoice": "INV-7"');
  await row.getByRole("button", { name: `Details of execution ${executionId}` }).click();
  await expect(detail).toHaveCount(0);
});
