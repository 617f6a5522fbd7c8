import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { NAV_SECTIONS, type NavItem } from "@/lib/navigation";
import { degradedSurface } from "@/lib/emergency/breaker-plan";
import { FeatureBreakerState, type ActiveBreaker } from "@/lib/emergency/breaker-state";
import { BREAKER_SCOPES, type BreakerScope } from "@/lib/emergency/tiers";
import { featurePageLimitFrom } from "./page-guard";

const NOW_MS = 1_800_000_000_000;
const navItems: NavItem[] = NAV_SECTIONS.flatMap((section) => section.items);

async function breakerOn(scopes: BreakerScope[]): Promise<FeatureBreakerState> {
  const rows: ActiveBreaker[] = scopes.map((scope) => ({ overrideId: `o-${scope}`, scope, owner: "sre@agency.test", expiresAtMs: NOW_MS + 30 * 60_000, retryAfterSeconds: 30 }));
  const state = new FeatureBreakerState({ load: async () => rows, bus: null, pollIntervalMs: 60_000, now: () => NOW_MS });
  await state.refresh();
  return state;
}

/** Every page file under app/ with the URL it serves (route groups such as `(agency)` leave no trace). */
function appPages(dir = path.join(process.cwd(), "app")): { file: string; url: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appPages(full);
    if (entry.name !== "page.tsx") return [];
    const url = `/${path.relative(path.join(process.cwd(), "app"), path.dirname(full)).split(path.sep).filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment)).join("/")}`;
    return [{ file: full, url }];
  });
}

/** The navigation item a URL belongs to: the longest href it equals or lies under. */
function navItemOf(url: string): NavItem | undefined {
  return [...navItems].sort((a, b) => b.href.length - a.href.length).find((item) => url === item.href || url.startsWith(`${item.href}/`));
}

describe("featurePageLimitFrom", () => {
  test("a non-core page in a broken scope is limited, with the owner, the expiry and the core pages to go to", async () => {
    const limit = featurePageLimitFrom("/app/marketplace", await breakerOn(["global"]));
    expect(limit).toEqual({
      page: { href: "/app/marketplace", label: "Marketplace", tier: "optional", area: "marketplace" },
      degradation: { scope: "global", owner: "sre@agency.test", expiresAtMs: NOW_MS + 30 * 60_000, retryAfterSeconds: 30 },
      corePages: [
        { href: "/app", label: "Dashboard" },
        { href: "/app/templates", label: "Templates" },
      ],
    });
  });

  test("core pages are never limited; other areas are not limited by one area's breaker", async () => {
    const global = await breakerOn(["global"]);
    expect(featurePageLimitFrom("/app/templates", global)).toBeNull();
    expect(featurePageLimitFrom("/ops/emergency", global)).toBeNull();
    const modulesOnly = await breakerOn(["modules"]);
    expect(featurePageLimitFrom("/app/modules", modulesOnly)?.degradation.scope).toBe("modules");
    expect(featurePageLimitFrom("/app/marketplace", modulesOnly)).toBeNull();
  });

  test("nothing is limited while the breaker is off or its activation has expired", async () => {
    expect(featurePageLimitFrom("/app/marketplace", await breakerOn([]))).toBeNull();
    const expired = new FeatureBreakerState({
      load: async () => [{ overrideId: "o", scope: "global", owner: "sre@agency.test", expiresAtMs: NOW_MS - 1, retryAfterSeconds: 30 }],
      bus: null,
      pollIntervalMs: 60_000,
      now: () => NOW_MS,
    });
    await expired.refresh();
    expect(featurePageLimitFrom("/app/marketplace", expired)).toBeNull();
  });

  test("for every scope, the pages the guard limits are exactly the pages the breaker's preview lists", async () => {
    for (const scope of BREAKER_SCOPES) {
      const state = await breakerOn([scope]);
      const limited = navItems.filter((item) => featurePageLimitFrom(item.href, state) !== null).map((item) => item.href);
      expect(limited, scope).toEqual(degradedSurface([scope], [], navItems).pages.map((page) => page.href));
    }
  });
});

describe("every page of a non-core feature is guarded on the server", () => {
  const pages = appPages();

  test("the scan finds the app's pages", () => {
    expect(pages.map((page) => page.url)).toEqual(expect.arrayContaining(["/app", "/app/marketplace", "/app/workflows/executions/[id]", "/ops/emergency"]));
  });

  test.each(pages.map((page) => [page.url, page] as const))("%s", (_url, page) => {
    const item = navItemOf(page.url);
    const source = readFileSync(page.file, "utf8");
    if (!item || item.tier === "core") return;
    // The page renders its feature only inside the guard, for the navigation item it belongs to.
    expect(source).toContain(`<FeaturePage href="${item.href}">`);
  });
});
