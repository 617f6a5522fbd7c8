import { expect, test, type Page } from "@playwright/test";
import { visibleSections } from "../../lib/navigation";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test.use({ viewport: { width: 390, height: 844 } });

// The platform admin is also every demo tenant's admin: every section and page.
const PAGES = visibleSections({ tenantRole: "admin", platformRole: "admin" }).flatMap((section) => section.items.map((item) => item.href));

/** Elements sticking out past the right edge of the viewport, for the failure message. */
function widestElements(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className.toString().slice(0, 80)} → ${Math.round(element.getBoundingClientRect().right)} px`),
  );
}

async function expectNoHorizontalScroll(page: Page, href: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  // Soft: one run names every page that is too wide.
  expect.soft(scrollWidth, `${href} lays out ${scrollWidth} px wide: ${(await widestElements(page)).join("; ")}`).toBeLessThanOrEqual(innerWidth);
}

test.beforeEach(async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/app$/);
});

test("at 390 px no page is wider than the viewport", async ({ page }) => {
  test.setTimeout(120_000);
  expect(PAGES.length).toBeGreaterThan(10);
  for (const href of PAGES) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    // Let the first data arrive: tables and charts take their width then.
    await page.waitForLoadState("networkidle").catch(() => undefined);
    await expectNoHorizontalScroll(page, href);
  }
});

test("the menu button opens the navigation as a drawer; a link in it navigates and closes it", async ({ page }) => {
  const menu = page.getByRole("button", { name: "Menu" });
  const drawer = page.getByRole("dialog", { name: "Navigation" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toHaveAttribute("aria-controls", "app-navigation");

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(drawer).toBeVisible();
  // Focus moves into the drawer, to the current page's link.
  await expect(drawer.getByRole("link", { name: "Dashboard" })).toBeFocused();

  // Escape closes it and focus returns to the menu button.
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await drawer.getByRole("link", { name: "Checklists" }).click();
  await expect(page).toHaveURL(/\/ops\/checklists$/);
  await expect(drawer).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("a skip link leads past the navigation to the page's content", async ({ page }) => {
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

for (const href of ["/ops/emergency", "/ops/checklists"]) {
  test(`every control of ${href} is on screen at 390 px`, async ({ page }) => {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await page.waitForLoadState("networkidle").catch(() => undefined);
    await expectNoHorizontalScroll(page, href);
    // Buttons, links and fields of the page itself (not rows of a table that scrolls inside its panel).
    const offScreen = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("main button, main a[href], main input, main select, main textarea")]
        .filter((element) => element.offsetParent !== null && !element.closest(".overflow-x-auto"))
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return box.left < 0 || box.right > window.innerWidth + 1;
        })
        .map((element) => element.textContent?.trim() || element.getAttribute("aria-label") || element.tagName),
    );
    expect(offScreen).toEqual([]);
  });
}
