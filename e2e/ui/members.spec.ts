import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

const DESIGNER = { email: "designer@bluefin.test", name: "Dario Costa" };

test("a tenant admin adds an account to the tenant, makes it an admin, and removes it again", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.tenantAdmin);
  await expect(page).toHaveURL(/\/app$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members of Copperleaf Studio" })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.getByRole("row", { name: /Priya Nair \(you\)/ })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(DESIGNER.name) })).toHaveCount(0);

  const form = page.getByRole("form", { name: "Add a member" });
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByText("E-mail is required")).toBeVisible();
  await form.getByLabel("E-mail of their account").fill("nobody@example.test");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByText(/no account with the e-mail nobody@example.test/)).toBeVisible();
  await form.getByLabel("E-mail of their account").fill(DESIGNER.email);
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(form.getByText(`${DESIGNER.name} (${DESIGNER.email}) is now a member of Copperleaf Studio.`)).toBeVisible();
  const row = table.getByRole("row", { name: new RegExp(DESIGNER.name) });
  await expect(row).toBeVisible();

  const changed = page.waitForResponse((response) => response.url().includes("/api/v1/members/") && response.request().method() === "PATCH");
  await row.getByLabel(`Role of ${DESIGNER.name}`).selectOption("admin");
  expect((await changed).status()).toBe(200);
  await expect(row.getByLabel(`Role of ${DESIGNER.name}`)).toHaveValue("admin");

  await row.getByRole("button", { name: `Remove ${DESIGNER.name} from Copperleaf Studio` }).click();
  await expect(row.getByText(`${DESIGNER.name} loses access to Copperleaf Studio at once, API tokens included.`)).toBeVisible();
  await row.getByRole("button", { name: `Confirm: remove ${DESIGNER.name} now` }).click();
  await expect(table.getByRole("row", { name: new RegExp(DESIGNER.name) })).toHaveCount(0);
});

test("a tenant member cannot open the members page", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.member);
  await expect(page).toHaveURL(/\/app$/);
  const response = await page.goto("/app/members");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
});
