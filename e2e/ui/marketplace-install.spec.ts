import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

test.use({ viewport: { width: 1280, height: 800 } });

type Item = { id: string; name: string; priceCents: number };
type Step = { key: string; willActivate: boolean };

/** A catalog item of the given price whose module would start at least one dependency with it. */
async function itemNeedingDependencies(page: Page, free: boolean): Promise<Item & { starting: string[] }> {
  const list = await page.request.get(`/api/v1/marketplace/items?limit=100&sort=price_asc${free ? "&maxPrice=0" : "&minPrice=1"}`);
  expect(list.status()).toBe(200);
  for (const item of ((await list.json()) as { items: Item[] }).items) {
    const detail = (await (await page.request.get(`/api/v1/marketplace/items/${item.id}`)).json()) as { moduleKey: string | null };
    if (!detail.moduleKey) continue;
    const plan = await page.request.get(`/api/v1/modules/${detail.moduleKey}/resolution`);
    if (plan.status() !== 200) continue;
    const starting = ((await plan.json()) as { order: Step[] }).order.filter((step) => step.willActivate).map((step) => step.key);
    if (starting.length >= 2) return { ...item, starting };
  }
  throw new Error("no item needs a dependency the agency lacks");
}

test("a member installs a free item from its page: its module and dependencies become active", async ({ page }, testInfo) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  const item = await itemNeedingDependencies(page, true);
  await page.goto(`/app/marketplace/${item.id}`);

  await expect(page.getByRole("heading", { level: 1, name: item.name })).toBeVisible();
  const order = page.getByTestId("activation-order");
  await expect(order.getByRole("listitem")).not.toHaveCount(0, { timeout: 15_000 });
  for (const key of item.starting) await expect(page.getByTestId(`order-${key}`)).toContainText("will start");
  await page.screenshot({ path: testInfo.outputPath("marketplace-detail.png"), fullPage: true });

  await page.getByRole("button", { name: `Install with ${item.starting.length - 1} ${item.starting.length === 2 ? "dependency" : "dependencies"}` }).click();
  await expect(page.getByRole("region", { name: "Install" }).getByRole("status")).toContainText(`Installing ${item.name}: starting`);
  for (const key of item.starting) await expect(page.getByTestId(`order-${key}`)).toContainText("Active", { timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Installed" })).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath("marketplace-installed.png"), fullPage: true });
});

test("a paid item shows its price, and a member is told an admin must install it", async ({ page }) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  const item = await itemNeedingDependencies(page, false);
  await page.goto(`/app/marketplace/${item.id}`);

  await expect(page.getByRole("heading", { level: 1, name: item.name })).toBeVisible();
  await expect(page.getByRole("region", { name: "Install" })).toContainText("/month");
  await expect(page.getByText("Only an agency admin can install paid items.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Install for \$/ })).toBeDisabled();
});

test("an admin installs a paid item after ticking its price", async ({ page }) => {
  await signInThroughApi(page.request, ACCOUNTS.tenantAdmin);
  const item = await itemNeedingDependencies(page, false);
  await page.goto(`/app/marketplace/${item.id}`);

  const install = page.getByRole("button", { name: /^Install for \$/ });
  await expect(install).toBeDisabled();
  await page.getByRole("checkbox", { name: /I agree to pay/ }).check();
  await install.click();
  for (const key of item.starting) await expect(page.getByTestId(`order-${key}`)).toContainText("Active", { timeout: 20_000 });
});

test("marketplace cards lead to the item and install free items in place, on a phone in dark mode too", async ({ page }, testInfo) => {
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/app/marketplace");

  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /^Details of / }) }).first();
  await expect(card).toBeVisible();
  await expect(card.getByRole("link", { name: /^Details of / })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("marketplace-390-dark.png") });

  await card.getByRole("link", { name: /^Details of / }).click();
  await expect(page.getByRole("region", { name: "Install" })).toBeVisible();
  const detailOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(detailOverflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("marketplace-detail-390-dark.png"), fullPage: true });
});
