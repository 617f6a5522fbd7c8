import { describe, expect, test } from "vitest";
import { cacheKeys, cachePatterns, cacheTags, fillLockKey, isOwnPattern, parseCacheKey, tagSetKey } from "./keys";

describe("cacheKeys", () => {
  test.each([
    { name: "template", key: cacheKeys.template("t1", "tpl-9"), expected: "agency:templates:t1:tpl-9" },
    {
      name: "templates by category, first page",
      key: cacheKeys.templatesByCategory("t1", "seo", null),
      expected: "agency:templates:t1:category:seo:page:first",
    },
    { name: "templates by category, page 3", key: cacheKeys.templatesByCategory("t1", "seo", 3), expected: "agency:templates:t1:category:seo:page:3" },
    { name: "tenant modules", key: cacheKeys.tenantModules("t1"), expected: "agency:modules:t1:active" },
    { name: "workflow definition", key: cacheKeys.workflowDefinition("t1", "wf-1"), expected: "agency:workflows:t1:definition:wf-1" },
    { name: "dashboard stats", key: cacheKeys.dashboardStats("t1"), expected: "agency:dashboard:t1:stats" },
  ])("builds the $name key as agency:<domain>:<tenantId>:<rest>", ({ key, expected }) => {
    expect(key).toBe(expected);
  });

  test("builds marketplace keys that ignore filter property order and set-array order", () => {
    const a = cacheKeys.marketplacePage("t1", 2, { category: "seo", tags: ["x", "y"], sort: ["price", "name"] });
    const b = cacheKeys.marketplacePage("t1", 2, { sort: ["price", "name"], tags: ["y", "x"], category: "seo" });
    expect(a).toBe(b);
    expect(a).toMatch(/^agency:marketplace:t1:page:2:[0-9a-f]{16}$/);
  });

  test("keeps the marketplace sort order significant", () => {
    const a = cacheKeys.marketplacePage("t1", 1, { sort: ["price", "name"] });
    const b = cacheKeys.marketplacePage("t1", 1, { sort: ["name", "price"] });
    expect(a).not.toBe(b);
  });

  test("encodes separators and glob characters inside parts", () => {
    const key = cacheKeys.templatesByCategory("t:1", "a*b", "c?[d]");
    expect(key).toBe("agency:templates:t%3A1:category:a%2Ab:page:c%3F%5Bd%5D");
    expect(parseCacheKey(key)).toEqual({ domain: "templates", tenantId: "t%3A1" });
  });
});

describe("cacheTags and patterns", () => {
  test("tags are scoped by tenant", () => {
    expect(cacheTags.templates("t1")).toBe("templates:t1");
    expect(cacheTags.templateCategory("t1", "seo")).toBe("templates:t1:category:seo");
    expect(cacheTags.dashboard("t 2")).toBe("dashboard:t%202");
  });

  test("tenant patterns match that tenant's keys", () => {
    expect(cachePatterns.tenant("t1")).toBe("agency:*:t1:*");
    expect(cachePatterns.tenantDomain("templates", "t1")).toBe("agency:templates:t1:*");
  });

  test("bookkeeping keys are not parsed as cache entries", () => {
    expect(parseCacheKey(tagSetKey("templates:t1"))).toBeNull();
    expect(parseCacheKey(fillLockKey("agency:templates:t1:x"))).toBeNull();
    expect(parseCacheKey("other:templates:t1:x")).toBeNull();
  });

  test("only patterns inside the agency namespace are ours", () => {
    expect(isOwnPattern("agency:templates:*")).toBe(true);
    expect(isOwnPattern("*")).toBe(false);
    expect(isOwnPattern("agency:")).toBe(false);
    expect(isOwnPattern("session:*")).toBe(false);
  });
});
