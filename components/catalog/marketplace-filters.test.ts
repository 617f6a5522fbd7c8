import { describe, expect, test } from "vitest";
import { formatCount, formatPrice, parseMarketplaceFilters, toMarketplaceQuery } from "./marketplace-filters";

describe("marketplace filters in the URL", () => {
  test("a full filter set survives a round trip through the URL", () => {
    const filters = { categories: ["email", "seo"] as ("email" | "seo")[], minPrice: "9", maxPrice: "49.5", minRating: 4, q: "rank", sort: "rating" as const };
    expect(parseMarketplaceFilters(toMarketplaceQuery(filters))).toEqual(filters);
  });

  test("defaults are left out of the URL, so the bare page has a bare URL", () => {
    expect(toMarketplaceQuery(parseMarketplaceFilters(new URLSearchParams())).toString()).toBe("");
  });

  test("category order does not matter and unknown categories, sorts and ratings are dropped", () => {
    const filters = parseMarketplaceFilters(new URLSearchParams("category=seo,gardening,email,seo&sort=cheapest&minRating=9"));
    expect(filters).toMatchObject({ categories: ["email", "seo"], sort: "popular", minRating: null });
  });

  test("malformed prices are dropped and a reversed range is put the right way round", () => {
    expect(parseMarketplaceFilters(new URLSearchParams("minPrice=abc&maxPrice=1.999"))).toMatchObject({ minPrice: "", maxPrice: "" });
    expect(parseMarketplaceFilters(new URLSearchParams("minPrice=50&maxPrice=10"))).toMatchObject({ minPrice: "10", maxPrice: "50" });
  });
});

describe("formatting", () => {
  test("prices show Free at zero and drop zero cents", () => {
    expect([formatPrice(0), formatPrice(1900), formatPrice(1950)]).toEqual(["Free", "$19/mo", "$19.50/mo"]);
  });

  test("counts abbreviate thousands", () => {
    expect([formatCount(999), formatCount(1234), formatCount(45_678)]).toEqual(["999", "1.2k", "46k"]);
  });
});
