import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

test.use({ viewport: { width: 1280, height: 800 } });

test("an admin previews a module's dependencies, activates it, and sees the dependency start first", async ({ page }, testInfo) => {
  // The session cookie lands in the page's context; the sign-in page has its own spec.
  await signInThroughApi(page.request, ACCOUNTS.admin);
  await page.goto("/app/modules");

  // No seeded agency runs the SEO modules, so seo-core has to start before seo-audit.
  await page.getByRole("searchbox", { name: "Search modules" }).fill("seo");
  await page.getByTestId("module-seo-audit").click();

  const order = page.getByTestId("activation-order");
  await expect(order.getByRole("listitem")).toHaveCount(4, { timeout: 15_000 });
  await expect(order.getByRole("listitem").nth(0)).toContainText("platform-core");
  await expect(order.getByRole("listitem").nth(0)).toContainText("already running");
  const steps = await order.getByRole("listitem").allTextContents();
  const position = (key: string) => steps.findIndex((text) => text.includes(`${key} `));
  expect(position("seo-core")).toBeLessThan(position("seo-audit"));
  expect(position("site-crawler")).toBeLessThan(position("seo-audit"));
  await expect(page.getByTestId("order-seo-audit")).toContainText("will start");
  await page.screenshot({ path: testInfo.outputPath("modules-preview.png") });

  await page.getByRole("button", { name: "Activate with 2 dependencies" }).click();
  await expect(page.getByTestId("toast")).toContainText("Activating seo-core → site-crawler → seo-audit");

  for (const key of ["seo-core", "site-crawler", "seo-audit"]) {
    await expect(page.getByTestId(`order-${key}`)).toContainText("Active", { timeout: 20_000 });
    await expect(page.getByTestId(`tenant-module-${key}`)).toContainText("Active");
  }
  // The lifecycle table's timestamps: the dependency was active before the dependent started.
  const finishedAt = await page.getByTestId("tenant-module-seo-core").locator("td").nth(4).getAttribute("title");
  const startedAt = await page.getByTestId("tenant-module-seo-audit").locator("td").nth(3).getAttribute("title");
  expect(Date.parse(startedAt!)).toBeGreaterThanOrEqual(Date.parse(finishedAt!));
  await expect(page.getByRole("button", { name: "Deactivate" })).toBeEnabled();
  await page.screenshot({ path: testInfo.outputPath("modules-active.png"), fullPage: true });

  // seo-audit needs seo-core: deactivating seo-core asks to take seo-audit down too.
  await page.getByTestId("module-seo-core").click();
  await page.getByRole("button", { name: "Deactivate" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Confirm cascading deactivation" });
  await expect(confirm).toContainText("seo-core is required by seo-audit");
  await page.screenshot({ path: testInfo.outputPath("modules-cascade.png") });
  await confirm.getByRole("button", { name: "Deactivate all 2" }).click();
  await expect(page.getByTestId("tenant-module-seo-audit")).toContainText("Inactive");
  await expect(page.getByTestId("tenant-module-seo-core")).toContainText("Inactive");
});

test("a member sees the registry and the preview, but activation is disabled with the reason", async ({ page }) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.goto("/app/modules");
  await page.getByTestId("module-rank-tracker").click();
  await expect(page.getByTestId("activation-order").getByRole("listitem").last()).toContainText("rank-tracker", { timeout: 15_000 });
  await expect(page.getByRole("button", { name: /^Activate/ })).toBeDisabled();
  await expect(page.getByText("Only agency admins can activate or deactivate modules.")).toBeVisible();
});
