import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

test.use({ viewport: { width: 1280, height: 800 } });

type DraftPage = { items: { id: string; name: string }[] };

async function draftCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/v1/template-drafts?limit=100");
  expect(response.status()).toBe(200);
  return ((await response.json()) as DraftPage).items.length;
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("Use template on a template's page creates a draft, opens it, and the draft can be renamed", async ({ page }, testInfo) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.goto("/app/templates?category=email");

  const firstCard = page.getByRole("list", { name: "Templates" }).getByRole("listitem").first();
  // The first page of the gallery can take a while on a busy machine.
  await expect(firstCard.getByRole("img", { name: /^Preview of / })).toBeVisible({ timeout: 20_000 });
  await expect(firstCard.getByRole("meter", { name: "Popularity" })).toBeVisible();
  await expect(firstCard).toContainText(/Popularity\s*\d+\.\d \/ 10/);
  const name = (await firstCard.getByRole("heading").textContent())!.trim();

  await firstCard.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("img", { name: `Preview of ${name}: ${/ · (Minimal|Bold|Editorial)$/.test(name) ? name.split(" · ").at(-1)!.toLowerCase() : "classic"} style` })).toBeVisible();
  await expect(page.getByRole("region", { name: "What the draft starts with" })).toContainText("Subject line");
  await page.screenshot({ path: testInfo.outputPath("template-detail.png"), fullPage: true });

  const before = await draftCount(page);
  await page.getByRole("button", { name: "Use template" }).click();
  await page.waitForURL(/\/app\/templates\/drafts\/[0-9a-f-]{36}$/);
  const nameField = page.getByRole("textbox", { name: "Draft name" });
  await expect(nameField).toHaveValue(name);
  await expect(page.getByRole("list", { name: "Outline" })).toContainText("Call to action");
  expect(await draftCount(page)).toBe(before + 1);

  await nameField.fill("");
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
  await nameField.fill("Acme spring welcome");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("draft-editor.png"), fullPage: true });

  await page.getByRole("link", { name: "Drafts" }).click();
  await expect(page.getByRole("list", { name: "Drafts" }).getByRole("link", { name: "Acme spring welcome" })).toBeVisible();
});

test("a double click on Use template in the gallery makes one draft, not two", async ({ page }) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.goto("/app/templates?category=blog");
  const before = await draftCount(page);

  await page.getByRole("list", { name: "Templates" }).getByRole("button", { name: "Use template" }).first().dblclick();

  await page.waitForURL(/\/app\/templates\/drafts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("textbox", { name: "Draft name" })).not.toHaveValue("");
  expect(await draftCount(page)).toBe(before + 1);
});

test("the template pages fit a phone and read in dark mode", async ({ page }, testInfo) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 390, height: 844 });

  await page.goto("/app/templates");
  await expect(page.getByRole("list", { name: "Templates" }).getByRole("listitem").first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("templates-390-dark.png") });

  await page.getByRole("list", { name: "Templates" }).getByRole("listitem").first().getByRole("heading").getByRole("link").click();
  await page.waitForURL(/\/app\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("button", { name: "Use template" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("template-detail-390-dark.png"), fullPage: true });

  await page.goto("/app/templates/drafts");
  await expect(page.getByRole("heading", { level: 1, name: "Drafts" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("drafts-390-dark.png"), fullPage: true });
});
