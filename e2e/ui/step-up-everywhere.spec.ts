import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-data";
import { databaseUrl } from "../../scripts/embedded-cluster/server-config";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

const SESSION_COOKIE = "agency.session_token";

test.use({ viewport: { width: 1280, height: 800 } });
// Sign-in, a database update and three saves, one behind the dialog: more than the default 30 s under load.
test.setTimeout(60_000);

/**
 * The server under test runs on a throw-away embedded primary on a free port (or on DATABASE_URL,
 * which it inherits from this process); the replica-promotion card names that primary's address.
 */
async function serverDatabaseUrl(page: Page): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const response = await page.request.get("/api/v1/ops/emergency/procedures");
  expect(response.status(), await response.text()).toBe(200);
  const { procedures } = (await response.json()) as { procedures: { id: string; currentState: string | null }[] };
  const state = procedures.find((procedure) => procedure.id === "replica-promotion")?.currentState ?? "";
  const port = /^primary [^:\s]+:(\d+)/.exec(state)?.[1];
  if (!port) throw new Error(`the primary's address is not in the replica-promotion state: "${state}"`);
  return databaseUrl(Number(port));
}

/** Ages this browser's session past the step-up window, as if the password was entered 10 minutes ago. */
async function makeStepUpStale(context: BrowserContext, url: string): Promise<void> {
  const cookie = (await context.cookies()).find((entry) => entry.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie after signing in`);
  // better-auth signs the cookie as `<token>.<signature>`; the session row holds the token.
  const token = decodeURIComponent(cookie.value).split(".")[0];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const aged = await client.query(`UPDATE "session" SET "createdAt" = "createdAt" - interval '10 minutes' WHERE token = $1 RETURNING id`, [token]);
    expect(aged.rowCount).toBe(1);
    await client.query(`DELETE FROM "session_step_up" WHERE "sessionId" = $1`, [aged.rows[0].id]);
  } finally {
    await client.end();
  }
}

test("an sre whose password is stale is asked for it when saving a threshold, and the change lands after entering it", async ({ page, context }, testInfo) => {
  await signInThroughPage(page, ACCOUNTS.sre);
  await expect(page).toHaveURL(/\/app$/, { timeout: 15_000 });
  await makeStepUpStale(context, await serverDatabaseUrl(page));
  expect(((await (await page.request.get("/api/v1/auth/step-up")).json()) as { required: boolean }).required).toBe(true);

  await page.goto("/ops/thresholds?range=15m");
  const rule = page.getByTestId("rule-p95-latency-high");
  const shownThreshold = rule.getByTestId("rule-threshold");
  await expect(shownThreshold).toHaveText(/^> [\d.]+ s$/, { timeout: 15_000 });
  const before = (await shownThreshold.textContent()) ?? "";
  const threshold = rule.getByLabel("Threshold (s)");
  const original = await threshold.inputValue();
  const changed = original === "3" ? "4" : "3";
  await threshold.fill(changed);
  await expect(rule.getByText("Unsaved changes; saving may ask for your password")).toBeVisible();

  // Cancelling the dialog changes nothing and says why.
  await rule.getByRole("button", { name: "Save" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(rule.getByText(/^re-enter your password to continue/)).toBeVisible();
  await expect(shownThreshold).toHaveText(before);

  await rule.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByRole("alert")).toContainText("the password is not correct");
  await page.screenshot({ path: testInfo.outputPath("step-up-threshold-dialog.png") });
  await dialog.getByLabel("Password").fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("toast")).toContainText(`Saved p95-latency-high: > ${changed} s`);
  await expect(shownThreshold).toHaveText(`> ${changed} s`);

  // The password is fresh again: putting the rule back asks for nothing.
  await threshold.fill(original);
  await rule.getByRole("button", { name: "Save" }).click();
  await expect(shownThreshold).toHaveText(before);
  await expect(dialog).toBeHidden();
});
