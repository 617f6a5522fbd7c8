import { expect, test, type Page, type Response } from "@playwright/test";
import { NAV_SECTIONS } from "../../lib/navigation";
import { ACCOUNTS, signInThroughPage } from "../fixtures/accounts";

/*
 * No security headers: every page answers with a strict per-request nonce CSP, frame-ancestors
 * 'none', nosniff, a referrer policy and a permissions policy, and renders and runs under that
 * policy without a single violation (Next's inline scripts carry the nonce).
 */

const PAGES = NAV_SECTIONS.flatMap((section) => section.items.map((item) => item.href));

/** Collects violations from the console and from `securitypolicyviolation` events, on every page the tab opens. */
async function watchForViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    // Chromium also logs a Permissions-Policy feature it does not recognise; that header must parse cleanly too.
    if (/Content Security Policy|Permissions-Policy/.test(message.text())) violations.push(`${page.url()} console: ${message.text()}`);
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${location.pathname} event: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
    });
  });
  return violations;
}

function nonceOf(policy: string): string {
  const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  if (!nonce) throw new Error(`no script nonce in ${policy}`);
  return nonce;
}

/** Every header the finding asked for, on one page response; returns the response's nonce. */
function expectSecurityHeaders(response: Response | null, path: string): string {
  expect(response, path).not.toBeNull();
  const headers = response!.headers();
  expect(response!.status(), path).toBe(200);
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, path).toContain("default-src 'self'");
  expect(policy, path).toContain("'strict-dynamic'");
  expect(policy, path).toContain("frame-ancestors 'none'");
  expect(policy, path).toContain("object-src 'none'");
  expect(policy, path).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], path).toBe("DENY");
  for (const feature of ["camera", "microphone", "geolocation"]) expect(headers["permissions-policy"], path).toContain(`${feature}=()`);
  // The test server's APP_URL is http://: HSTS would be wrong there.
  expect(headers["strict-transport-security"], path).toBeUndefined();
  return nonceOf(policy);
}

/** Next's scripts all carry this response's nonce, and they ran (the router is up). */
async function expectScriptsRanWithNonce(page: Page, nonce: string, path: string): Promise<void> {
  const scripts = await page.evaluate(() => [...document.scripts].map((script) => ({ src: script.src, nonce: script.nonce })));
  expect(scripts.length, path).toBeGreaterThan(0);
  expect(scripts.filter((script) => script.nonce !== nonce), path).toEqual([]);
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: unknown }).next), { message: path }).toBe("object");
}

test("every page loads signed in as the admin under the CSP without a violation, with every security header", async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchForViolations(page);

  const signIn = await page.goto("/sign-in");
  const signInNonce = expectSecurityHeaders(signIn, "/sign-in");
  await expectScriptsRanWithNonce(page, signInNonce, "/sign-in");

  await signInThroughPage(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/app$/);

  const nonces = new Set([signInNonce]);
  for (const path of PAGES) {
    const response = await page.goto(path);
    const nonce = expectSecurityHeaders(response, path);
    nonces.add(nonce);
    await expect(page.getByRole("main").getByRole("heading").first(), path).toBeVisible();
    await expectScriptsRanWithNonce(page, nonce, path);
    // Live panels fetch and charts draw after hydration: give them a moment to do so under the policy.
    await page.waitForTimeout(750);
  }

  expect(nonces.size, "a fresh nonce per response").toBe(PAGES.length + 1);
  expect(violations).toEqual([]);
});

test("a page's own API calls are nosniff and no-store", async ({ page }) => {
  await signInThroughPage(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/app$/);

  const response = await page.request.get("/api/v1/me");

  expect(response.status()).toBe(200);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["cache-control"]).toBe("no-store");
});

test("a crafted tenant, last-write or session-data cookie leaves pages working, not a 500", async ({ page, baseURL }) => {
  await signInThroughPage(page, ACCOUNTS.admin);
  await expect(page).toHaveURL(/\/app$/);
  const sessionData = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("session_data"));
  expect(sessionData).toBeDefined();

  await page.context().addCookies([
    { name: "agency_tenant", value: "%E0%A4%A", url: baseURL },
    { name: "agency_last_write", value: "%zz", url: baseURL },
    { name: sessionData!.name, value: "%zz[J", url: baseURL },
  ]);
  for (const path of ["/app", "/ops"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page, path).toHaveURL(new RegExp(`${path}$`));
  }
});
