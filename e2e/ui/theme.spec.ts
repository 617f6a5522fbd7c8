import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

test("the theme follows the system until the header toggle overrides it, and the choice applies before the app's scripts run", async ({ page, context }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signInThroughPage(page, ACCOUNTS.member);
  await expect(page).toHaveURL(/\/app$/);
  const html = page.locator("html");
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(page.getByRole("radio", { name: "System" })).toHaveAttribute("aria-checked", "true");

  await page.getByRole("radio", { name: "Light" }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("radio", { name: "Dark" }).click();
  await expect(html).toHaveClass(/\bdark\b/);

  // Without the app's bundles only the nonce'd inline script can set the class: no light flash first.
  await context.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await context.unroute("**/_next/static/**/*.js");

  await page.reload();
  await page.getByRole("radio", { name: "System" }).click();
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(html).toHaveClass(/\bdark\b/);
});
