import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

// Signing in through the form has its own spec; here the page's context gets the session cookie.
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInThroughApi(page.request, ACCOUNTS.member);
  await page.goto("/app");
  await expect(page).toHaveURL(/\/app$/);
});

test("a member browses templates by category, scrolls for more and searches by name", async ({ page }) => {
  await page.getByRole("link", { name: "Templates" }).click();
  await expect(page).toHaveURL(/\/app\/templates$/);
  const cards = page.getByRole("list", { name: "Templates" }).getByRole("listitem");
  await expect(cards.first()).toBeVisible({ timeout: 15_000 });

  await page.getByRole("tab", { name: /Email campaigns/ }).click();
  await expect(page).toHaveURL(/category=email/);
  await expect(page.getByRole("tab", { name: /Email campaigns/ })).toHaveAttribute("aria-selected", "true");
  await expect(cards.first()).toContainText("Email campaigns");
  // Every card on the tab belongs to the category.
  await expect(cards.filter({ hasNotText: "Email campaigns" })).toHaveCount(0);

  // The first page holds 24; scrolling to the end loads the next one.
  await expect(cards).toHaveCount(24);
  await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
  await expect.poll(() => cards.count(), { timeout: 10_000 }).toBeGreaterThan(24);

  // Arrow keys move between tabs (and select them).
  await page.getByRole("tab", { name: /Email campaigns/ }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: /Landing pages/ })).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/category=landing-pages/);

  await page.getByRole("searchbox", { name: "Search templates by name" }).fill("launch");
  await expect(page).toHaveURL(/q=launch/);
  await expect(cards.first()).toContainText(/launch/i);
  await expect(cards.filter({ hasNotText: /launch/i })).toHaveCount(0);
  await page.screenshot({ path: ".test-results/catalog-templates.png", fullPage: true });

  await page.getByRole("searchbox", { name: "Search templates by name" }).fill("zzzz no such template");
  await expect(page.getByText("No templates match “zzzz no such template”")).toBeVisible();
});

test("a member filters the marketplace; the filters live in the URL, survive a reload and step back", async ({ page }) => {
  await page.getByRole("link", { name: "Marketplace" }).click();
  await expect(page).toHaveURL(/\/app\/marketplace$/);
  const results = page.getByRole("list", { name: "Marketplace items" }).getByRole("listitem");
  await expect(results.first()).toBeVisible({ timeout: 15_000 });

  await page.getByRole("checkbox", { name: "SEO" }).click();
  await expect(page.getByRole("checkbox", { name: "SEO" })).toBeChecked();
  await expect(page).toHaveURL(/category=seo/);
  await expect(results.filter({ hasNotText: "SEO" })).toHaveCount(0);

  await page.getByLabel("Highest price").fill("0");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/maxPrice=0/);
  await expect(results.first()).toContainText("Free");
  await expect(results.filter({ hasNotText: "Free" })).toHaveCount(0);

  await page.getByLabel("Sort by").selectOption("rating");
  await expect(page).toHaveURL(/sort=rating/);
  const url = page.url();
  const firstTitle = await results.first().getByRole("heading").textContent();

  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(page.getByRole("checkbox", { name: "SEO" })).toBeChecked();
  await expect(page.getByLabel("Highest price")).toHaveValue("0");
  await expect(page.getByLabel("Sort by")).toHaveValue("rating");
  await expect(results.first().getByRole("heading")).toHaveText(firstTitle!);
  await page.screenshot({ path: ".test-results/catalog-marketplace.png", fullPage: true });

  // Back undoes the last filter change (the sort), forward redoes it.
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=rating/);
  await expect(page.getByLabel("Sort by")).toHaveValue("popular");
  await expect(page.getByRole("checkbox", { name: "SEO" })).toBeChecked();
  await page.goForward();
  await expect(page.getByLabel("Sort by")).toHaveValue("rating");

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/app\/marketplace\?sort=rating$/);
  await expect(page.getByRole("checkbox", { name: "SEO" })).not.toBeChecked();
});
