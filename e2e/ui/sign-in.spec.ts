import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

const AGENCY_LINKS = ["Dashboard", "Templates", "Marketplace", "Modules", "Workflows"];
const OPS_LINKS = ["Overview", "Database", "Cache", "Queue", "Thresholds", "Autoscaling", "Emergency", "Troubleshooting", "Checklists", "Audit log"];

const cases = [
  { role: "admin", email: ACCOUNTS.admin, links: [...AGENCY_LINKS, ...OPS_LINKS] },
  { role: "sre", email: ACCOUNTS.sre, links: [...AGENCY_LINKS, ...OPS_LINKS] },
  { role: "manager", email: ACCOUNTS.manager, links: [...AGENCY_LINKS, ...OPS_LINKS] },
  { role: "member", email: ACCOUNTS.member, links: AGENCY_LINKS },
] as const;

for (const { role, email, links } of cases) {
  test(`${role} signs in and sees exactly their navigation`, async ({ page }) => {
    await signInThroughPage(page, email);
    await expect(page).toHaveURL(/\/app$/);
    await expect(page.getByTestId("user-role")).toHaveText(role);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText([...links]);
  });
}

test("a member opening /ops is refused", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.member);
  await expect(page).toHaveURL(/\/app$/);
  const response = await page.goto("/ops");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
});

test("an sre opens the control plane", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("link", { name: "Database" }).click();
  await expect(page.getByRole("heading", { name: "Database" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Database" })).toHaveAttribute("aria-current", "page");
});

test("a wrong password shows an error and keeps the user on the sign-in page", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.manager, "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("signed-out visitors are sent to the sign-in page", async ({ page }) => {
  await page.goto("/ops/database");
  await expect(page).toHaveURL(/\/sign-in\?next=\/ops$/);
});

test("sign-out ends the session", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/app");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the tenant switcher changes the active tenant and it survives a reload", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.member);
  const switcher = page.getByLabel("Tenant");
  const switchTo = async (label: string) => {
    const saved = page.waitForResponse((response) => response.url().endsWith("/api/v1/session/tenant") && response.ok());
    await switcher.selectOption({ label });
    await saved;
    await expect(switcher.locator("option:checked")).toHaveText(label);
  };
  await switchTo("Northwind Creative (member)");
  await switchTo("Copperleaf Studio (member)");
  await page.reload();
  await expect(page.getByLabel("Tenant").locator("option:checked")).toHaveText("Copperleaf Studio (member)");
});
