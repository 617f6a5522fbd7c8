import { describe, expect, test } from "vitest";
import { cacheKeys, cacheTags } from "@/lib/cache/keys";
import { templateChangeTargets } from "./invalidation";
import { ALL_CATEGORIES, listingPageKey } from "./listing-key";

const TENANT = "4f0c2a1e-8d1b-4a57-9a43-2f1d6c0e9b11";
const TEMPLATE = "0b7e2f6c-1a2d-4c3b-8e4f-5a6b7c8d9e0f";

describe("templateChangeTargets", () => {
  test("an edit in place invalidates the template, its category's pages and the all-categories pages", () => {
    expect(templateChangeTargets(TENANT, TEMPLATE, ["email", "email"])).toEqual({
      key: cacheKeys.template(TENANT, TEMPLATE),
      tags: [cacheTags.templateCategory(TENANT, "email"), cacheTags.templateCategory(TENANT, ALL_CATEGORIES)],
    });
  });

  test("a move invalidates both categories and never the tenant-wide templates tag", () => {
    const { tags } = templateChangeTargets(TENANT, TEMPLATE, ["email", "social"]);
    expect(tags).toEqual([cacheTags.templateCategory(TENANT, "email"), cacheTags.templateCategory(TENANT, "social"), cacheTags.templateCategory(TENANT, ALL_CATEGORIES)]);
    expect(tags).not.toContain(cacheTags.templates(TENANT));
  });
});

describe("listingPageKey", () => {
  test("search text is trimmed and case-folded, so equal searches share a cache entry", () => {
    expect(listingPageKey({ q: " Launch", cursor: undefined, limit: 20 })).toBe(listingPageKey({ q: "launch", cursor: undefined, limit: 20 }));
  });

  test("cursor, size and search each make a different page", () => {
    const keys = [
      listingPageKey({ q: undefined, cursor: undefined, limit: 20 }),
      listingPageKey({ q: undefined, cursor: undefined, limit: 21 }),
      listingPageKey({ q: undefined, cursor: "abc", limit: 20 }),
      listingPageKey({ q: "abc", cursor: undefined, limit: 20 }),
    ];
    expect(new Set(keys).size).toBe(4);
  });

  test("the all-categories marker cannot be a category slug", () => {
    expect(/^[a-z0-9-]+$/.test(ALL_CATEGORIES)).toBe(false);
  });
});
