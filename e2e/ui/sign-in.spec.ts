import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

const AGENCY_LINKS = ["Dashboard", "Templates", "Marketplace", "Modules", "Workflows"];
const OPS_LINKS = ["Overview", "Database", "Cache", "Queue", "Thresholds", "Alerting", "Autoscaling", "Sizing", "Emergency", "Troubleshooting", "Checklists", "Egress"];
/** The signed-in user's own section, last for everyone. */
const ACCOUNT_LINKS = ["API tokens"];

// Each account lands where it works: customers in their agency, operators without one in the control plane.
const cases = [
  { who: "a platform admin who is also a tenant admin", email: ACCOUNTS.admin, home: /\/app$/, role: "admin · platform admin", links: [...AGENCY_LINKS, "Members", "Audit log", "Workflow egress", ...OPS_LINKS, "Audit log", "Notifications"] },
  { who: "a platform sre who is also a tenant member", email: ACCOUNTS.sre, home: /\/app$/, role: "member · platform SRE", links: [...AGENCY_LINKS, ...OPS_LINKS] },
  { who: "a platform manager", email: ACCOUNTS.manager, home: /\/ops$/, role: "platform manager", links: [...OPS_LINKS, "Audit log"] },
  { who: "a platform viewer", email: ACCOUNTS.viewer, home: /\/ops$/, role: "platform viewer", links: OPS_LINKS },
  { who: "a tenant member", email: ACCOUNTS.member, home: /\/app$/, role: "member", links: AGENCY_LINKS },
  { who: "a tenant admin", email: ACCOUNTS.tenantAdmin, home: /\/app$/, role: "admin", links: [...AGENCY_LINKS, "Members", "Audit log", "Workflow egress"] },
] as const;

for (const { who, email, home, role, links } of cases) {
  test(`${who} signs in and sees exactly their navigation`, async ({ page }) => {
    await signInThroughPage(page, email);
    await expect(page).toHaveURL(home);
    await expect(page.getByTestId("user-role")).toHaveText(role);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText([...links, ...ACCOUNT_LINKS]);
  });
}

test("a tenant admin sees no ops navigation, gets the 403 page on /ops, and sees only its own tenant's audit log", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.tenantAdmin);
  await expect(page).toHaveURL(/\/app$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("heading", { name: "Control plane" })).toHaveCount(0);
  for (const href of ["/ops", "/ops/audit", "/ops/emergency"]) {
    const refused = await page.goto(href);
    expect(refused?.status(), href).toBe(403);
    await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
  }
  // The platform's audit API refuses too, whatever the page shows.
  expect((await page.request.get("/api/v1/ops/audit")).status()).toBe(403);

  await page.goto("/app/audit");
  await expect(page.getByRole("heading", { name: "Audit log of Copperleaf Studio" })).toBeVisible();
  const entries = (await (await page.request.get("/api/v1/audit?limit=200")).json()) as { items: { tenantName: string | null }[] };
  expect(entries.items.every((entry) => entry.tenantName === "Copperleaf Studio")).toBe(true);
  await expect(page.getByRole("columnheader", { name: "Tenant" })).toHaveCount(0);
});

test("a tenant member opening /ops is refused", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.member);
  await expect(page).toHaveURL(/\/app$/);
  const response = await page.goto("/ops");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
});

test("a platform sre opens the control plane", async ({ page }) => {
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
