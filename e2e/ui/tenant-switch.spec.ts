import { expect, test, type Page } from "@playwright/test";
import type { DashboardStatsOutput } from "../../lib/dashboard/schemas";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

/** What the tiles show, as the dashboard formats the API's numbers. */
function tilesOf(stats: DashboardStatsOutput) {
  return { activeModules: `${stats.activeModules}`, templates: `${stats.templatesInLibrary}`, runs24h: `${stats.runs.last24h.total}`, runs7d: `${stats.runs.last7d.total} in 7 d` };
}

async function readTiles(page: Page) {
  const value = (testId: string) => page.getByTestId(`dashboard-${testId}`).getByTestId("stat-value").innerText();
  return {
    activeModules: await value("active-modules"),
    templates: await value("templates"),
    runs24h: await value("runs-24h"),
    runs7d: (await page.getByTestId("dashboard-runs-24h").locator("p").last().innerText()).trim(),
  };
}

/** Picks a tenant in the header and waits until the session has switched. */
async function switchTenant(page: Page, tenantId: string) {
  const switched = page.waitForResponse((response) => response.url().endsWith("/api/v1/session/tenant") && response.request().method() === "PUT");
  await page.getByLabel("Tenant").selectOption(tenantId);
  expect((await switched).status()).toBe(200);
  await expect(page.getByLabel("Tenant")).toHaveValue(tenantId);
}

async function apiStats(page: Page): Promise<DashboardStatsOutput> {
  const response = await page.request.get("/api/v1/dashboard/stats");
  expect(response.status()).toBe(200);
  return (await response.json()) as DashboardStatsOutput;
}

test("after a tenant switch the dashboard shows the new tenant's numbers, without a reload", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.member);
  await expect(page).toHaveURL(/\/app$/);
  const tenant = page.getByLabel("Tenant");
  const options = await tenant.locator("option").evaluateAll((nodes) => nodes.map((node) => ({ value: (node as HTMLOptionElement).value, label: node.textContent ?? "" })));
  expect(options.map((option) => option.label).join(" | ")).toMatch(/Northwind.*\|.*Copperleaf|Copperleaf.*\|.*Northwind/);

  const before = tilesOf(await apiStats(page));
  await expect.poll(() => readTiles(page)).toEqual(before);

  // A full load would reset this; a client-side refresh keeps it.
  await page.evaluate(() => ((window as unknown as { tenantSwitchMarker: boolean }).tenantSwitchMarker = true));
  const previous = await tenant.inputValue();
  const next = options.find((option) => option.value !== previous)!;
  await switchTenant(page, next.value);

  const after = tilesOf(await apiStats(page));
  // The seed gives the two tenants different numbers; otherwise this test could not tell them apart.
  expect(after).not.toEqual(before);
  await expect.poll(() => readTiles(page), { timeout: 5_000 }).toEqual(after);
  expect(await page.evaluate(() => (window as unknown as { tenantSwitchMarker?: boolean }).tenantSwitchMarker)).toBe(true);

  // And back: the first tenant's numbers, not the second's left in the cache.
  await switchTenant(page, previous);
  expect(tilesOf(await apiStats(page))).toEqual(before);
  await expect.poll(() => readTiles(page), { timeout: 5_000 }).toEqual(before);
});
