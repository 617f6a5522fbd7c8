import { expect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

const BREAKER = "Limit to core features";
/** Text only the marketplace's own UI renders, and the heading of the page that replaces it. */
const MARKETPLACE_UI = "Add-ons for every client workflow";
const MARKETPLACE_LIMITED = "Marketplace is temporarily limited";

test.use({ trace: "retain-on-failure", screenshot: "only-on-failure" });

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The context's request client shares the browser's cookies: signed in for the pages too.
  await signInThroughApi(context.request, email);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[${email}] page error: ${error.message}`));
  return page;
}

/** On the breaker's card: choose the action, preview it, confirm by typing the name, and wait for the result. */
async function runBreaker(page: Page, action: "activate" | "deactivate") {
  const card = page.getByTestId("procedure-circuit-breaker");
  await card.getByLabel("Action").selectOption(action);
  await card.getByLabel("Scope").selectOption("global");
  await card.getByRole("button", { name: "Preview (dry run)" }).click();
  const preview = card.getByTestId("procedure-preview");
  await expect(preview).toBeVisible();
  await expect(preview).toContainText("page /app/marketplace (optional)");
  await expect(preview).not.toContainText("/app/templates");
  await card.getByRole("button", { name: "Run…" }).click();

  const dialog = page.getByRole("dialog", { name: `Run “${BREAKER}”?` });
  const runNow = dialog.getByRole("button", { name: "Run now" });
  await expect(runNow).toBeDisabled();
  await dialog.getByLabel(`Type ${BREAKER} to confirm`).fill(BREAKER);
  await runNow.click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId("run-status")).toContainText("Succeeded", { timeout: 15_000 });
}

test("an sre limits the app to core features: the marketplace degrades, core pages keep working, deactivation restores it", async ({ browser }) => {
  const sre = await signedIn(browser, ACCOUNTS.sre);
  const member = await signedIn(browser, ACCOUNTS.member);
  const normalHtml = await (await member.request.get("/app/marketplace")).text();
  expect(normalHtml).toContain(MARKETPLACE_UI);
  expect(normalHtml).not.toContain(MARKETPLACE_LIMITED);
  await sre.goto("/ops/emergency");
  await expect(sre.getByRole("heading", { name: "Emergency procedures" })).toBeVisible();
  await expect(sre.getByText("Nothing is overridden")).toBeVisible();
  await sre.screenshot({ path: ".test-results/emergency-idle.png", fullPage: true });

  await runBreaker(sre, "activate");
  const override = sre.getByTestId("active-override");
  await expect(override).toContainText("Circuit breaker · global");
  await expect(override).toContainText("owner sre@agency.test");
  await expect(override).toContainText(/min \d\d s left/);
  await sre.screenshot({ path: ".test-results/emergency-breaker-on.png", fullPage: true });

  // The server renders the limited page instead of the feature: the HTML itself holds the notice.
  const limitedPage = await member.request.get("/app/marketplace");
  expect(limitedPage.status()).toBe(200);
  const limitedHtml = await limitedPage.text();
  expect(limitedHtml).toContain(MARKETPLACE_LIMITED);
  expect(limitedHtml).toContain("sre@agency.test");
  expect(limitedHtml).not.toContain(MARKETPLACE_UI);

  await member.goto("/app/marketplace");
  const banner = member.getByTestId("degraded-banner");
  await expect(banner).toContainText("Marketplace is temporarily switched off");
  const notice = member.getByTestId("feature-limited");
  await expect(notice.getByRole("heading", { name: MARKETPLACE_LIMITED })).toBeVisible();
  await expect(notice.getByTestId("feature-limited-owner")).toHaveText("sre@agency.test");
  await expect(notice.getByRole("link", { name: "Templates" })).toBeVisible();
  await expect(member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Marketplace/ })).toContainText("paused");
  const degradedApi = await member.request.get("/api/v1/marketplace/items?limit=5");
  expect(degradedApi.status()).toBe(503);
  expect(Number(degradedApi.headers()["retry-after"])).toBeGreaterThan(0);
  expect(degradedApi.headers()["content-type"]).toContain("application/problem+json");
  await member.screenshot({ path: ".test-results/emergency-marketplace-degraded.png", fullPage: true });

  // A core page keeps working, with only the note that the app is limited.
  await member.goto("/app/templates");
  await expect(member.getByTestId("degraded-banner")).toContainText("Limited to core features");
  await expect(member.getByRole("list", { name: "Templates" }).getByRole("listitem").first()).toBeVisible({ timeout: 15_000 });
  expect((await member.request.get("/api/v1/templates?category=landing-pages&limit=5")).status()).toBe(200);

  // A client-side navigation to the switched-off page gets the server's notice too.
  await member.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Marketplace/ }).click();
  await expect(member.getByTestId("feature-limited").getByRole("heading", { name: MARKETPLACE_LIMITED })).toBeVisible();
  await expect(member.getByText(MARKETPLACE_UI)).toHaveCount(0);

  await runBreaker(sre, "deactivate");
  // The page re-reads the overrides as soon as the run ends (not at its next 5 s poll).
  await expect(sre.getByText("Nothing is overridden")).toBeVisible({ timeout: 3_000 });

  // The open notice notices the breaker is off and brings the marketplace back without a reload.
  await expect(member.getByRole("list", { name: "Marketplace items" }).getByRole("listitem").first()).toBeVisible({ timeout: 20_000 });
  await expect(member.getByTestId("feature-limited")).toHaveCount(0);

  await member.goto("/app/marketplace");
  await expect(member.getByRole("list", { name: "Marketplace items" }).getByRole("listitem").first()).toBeVisible({ timeout: 15_000 });
  await expect(member.getByTestId("degraded-banner")).toHaveCount(0);
  expect((await member.request.get("/api/v1/marketplace/items?limit=5")).status()).toBe(200);
});

test("a manager sees the procedures read-only", async ({ browser }) => {
  const manager = await signedIn(browser, ACCOUNTS.manager);
  await manager.goto("/ops/emergency");
  await expect(manager.getByText("Read-only: only SREs and admins can run procedures.")).toBeVisible();
  const card = manager.getByTestId("procedure-circuit-breaker");
  await expect(card.getByRole("button", { name: "Preview (dry run)" })).toBeDisabled();
  await expect(card.getByText("only SREs and admins can run emergency procedures")).toBeVisible();
});
