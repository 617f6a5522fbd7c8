import { expect, test } from "@playwright/test";
import { ACCOUNTS, signInThroughApi } from "../fixtures/accounts";

const BACKGROUND_HEADER = "x-agency-background";

// The active-user count must not grow from open tabs nobody looks at: the browser marks the polls
// it makes while its user is idle, and the API leaves those out of the activity record.
test("an idle tab's polls are marked as background; the user's next input makes them count again", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signInThroughApi(context.request, ACCOUNTS.member);
  const page = await context.newPage();
  await page.clock.install();
  // The banner's breaker poll runs on every page, every 5 s.
  const polls: (string | null)[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/v1/circuit-breaker") polls.push(request.headers()[BACKGROUND_HEADER] ?? null);
  });
  await page.goto("/app");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  const lastPoll = () => polls.at(-1);

  // Just loaded: the user is there.
  await page.clock.fastForward(5_500);
  await expect.poll(lastPoll, { timeout: 10_000 }).toBeNull();

  // A minute and more without input: the polls go on, marked as made without the user.
  await page.clock.fastForward(65_000);
  await expect.poll(lastPoll, { timeout: 10_000 }).toBe("1");

  await page.mouse.move(400, 300);
  await page.mouse.move(420, 320);
  await page.clock.fastForward(5_500);
  await expect.poll(lastPoll, { timeout: 10_000 }).toBeNull();
  await context.close();
});
