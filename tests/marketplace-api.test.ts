import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { MARKETPLACE_SORTS, type MarketplaceSort } from "@/lib/marketplace/categories";
import { startInProcessApp, TEST_ORIGIN, type InProcessApp } from "./support/in-process-app";

type Item = { id: string; slug: string; name: string; summary: string; category: string; priceCents: number; rating: number; ratingCount: number; installCount: number; createdAt: string };
type ItemPage = { items: Item[]; nextCursor: string | null };
type Problem = { status: number; code: string; errors?: { path: string; message: string }[] };

let api: InProcessApp;

beforeAll(async () => {
  api = await startInProcessApp("marketplace_api");
});

afterAll(async () => api?.close());

async function call<T = unknown>(email: string | null, path: string) {
  const headers: Record<string, string> = { origin: TEST_ORIGIN };
  if (email) headers.cookie = await api.cookieFor(email);
  const response = await api.app.request(path, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

const MEMBER = "member@agency.test";

async function listAll(query: string): Promise<Item[]> {
  const seen: Item[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const page: { status: number; body: ItemPage } = await call<ItemPage>(MEMBER, `/api/v1/marketplace/items?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("pagination did not end");
}

/** The order each sort promises, straight from the database, for comparison. */
const ORDER_BY: Record<MarketplaceSort, Prisma.MarketplaceItemOrderByWithRelationInput[]> = {
  popular: [{ installCount: "desc" }, { id: "desc" }],
  rating: [{ rating: "desc" }, { id: "desc" }],
  price_asc: [{ priceCents: "asc" }, { id: "asc" }],
  price_desc: [{ priceCents: "desc" }, { id: "desc" }],
  newest: [{ createdAt: "desc" }, { id: "desc" }],
};

describe("GET /api/v1/marketplace/items", () => {
  test("the seeded catalog has hundreds of items with ties in price and rating (what keyset pagination must survive)", async () => {
    const items = await api.scratch.prisma.marketplaceItem.findMany({ select: { priceCents: true, rating: true } });
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(items.map((item) => item.priceCents)).size).toBeLessThan(items.length / 10);
    expect(items.filter((item) => item.rating === 0).length).toBeGreaterThan(1);
  });

  test.each(MARKETPLACE_SORTS)("sort=%s pages through the whole catalog in order with no duplicates and no gaps", async (sort) => {
    const listed = await listAll(`sort=${sort}&limit=9`);

    const expected = await api.scratch.prisma.marketplaceItem.findMany({ orderBy: ORDER_BY[sort], select: { id: true } });
    expect(listed.map((item) => item.id)).toEqual(expected.map((item) => item.id));
  });

  test.each(MARKETPLACE_SORTS)("sort=%s with filters pages through exactly the matching items, in order", async (sort) => {
    const listed = await listAll(`sort=${sort}&limit=4&category=seo,email&minPrice=9&maxPrice=49&minRating=3.5`);

    const expected = await api.scratch.prisma.marketplaceItem.findMany({
      where: { category: { in: ["seo", "email"] }, priceCents: { gte: 900, lte: 4900 }, rating: { gte: 3.5 } },
      orderBy: ORDER_BY[sort],
      select: { id: true },
    });
    expect(expected.length).toBeGreaterThan(4);
    expect(listed.map((item) => item.id)).toEqual(expected.map((item) => item.id));
  });

  test("q matches the name or the summary in any letter case", async () => {
    const listed = await listAll("q=TRACK&limit=50");

    const expected = await api.scratch.prisma.marketplaceItem.count({
      where: { OR: [{ name: { contains: "track", mode: "insensitive" } }, { summary: { contains: "track", mode: "insensitive" } }] },
    });
    expect(expected).toBeGreaterThan(0);
    expect(listed).toHaveLength(expected);
    expect(listed.every((item) => `${item.name} ${item.summary}`.toLowerCase().includes("track"))).toBe(true);
  });

  test("maxPrice=0 lists only free items", async () => {
    const free = await listAll("maxPrice=0&limit=100");
    expect(free.length).toBe(await api.scratch.prisma.marketplaceItem.count({ where: { priceCents: 0 } }));
    expect(free.every((item) => item.priceCents === 0)).toBe(true);
  });

  test("the same filters written differently share one cache entry; different filters do not", async () => {
    const first = await call<ItemPage>(MEMBER, "/api/v1/marketplace/items?category=social,crm&minRating=4&sort=rating&limit=5");
    const top = first.body.items[0]!;
    // Changed behind the API's back: only a refill from the database would show it.
    await api.scratch.prisma.marketplaceItem.update({ where: { id: top.id }, data: { name: `${top.name} (renamed directly)` } });

    const reordered = await call<ItemPage>(MEMBER, "/api/v1/marketplace/items?limit=5&sort=rating&minRating=4.0&category=crm,social,crm");
    expect(reordered.body.items[0]).toEqual(top);
    const otherFilters = await call<ItemPage>(MEMBER, "/api/v1/marketplace/items?category=social,crm&minRating=4&sort=rating&limit=6");
    expect(otherFilters.body.items[0]!.name).toBe(`${top.name} (renamed directly)`);
  });

  test("bad filters are 400 naming the field; a cursor from another sort is refused", async () => {
    const cases: [string, string][] = [
      ["category=seo,gardening", "query.category"],
      ["minPrice=50&maxPrice=10", "query.maxPrice"],
      ["minPrice=-1", "query.minPrice"],
      ["minPrice=1.999", "query.minPrice"],
      ["minRating=6", "query.minRating"],
      ["sort=cheapest", "query.sort"],
      ["limit=0", "query.limit"],
      ["q=", "query.q"],
    ];
    for (const [query, field] of cases) {
      const response = await call<Problem>(MEMBER, `/api/v1/marketplace/items?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors?.map((error) => error.path), query).toContain(field);
    }
    const page = await call<ItemPage>(MEMBER, "/api/v1/marketplace/items?sort=price_asc&limit=3");
    const crossed = await call<Problem>(MEMBER, `/api/v1/marketplace/items?sort=newest&limit=3&cursor=${page.body.nextCursor}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body.errors?.[0]?.path).toBe("query.cursor");
  });

  test("needs a session (401)", async () => {
    expect((await call(null, "/api/v1/marketplace/items")).status).toBe(401);
  });
});

describe("GET /api/v1/marketplace/items/{id}", () => {
  test("returns the item with its description; an unknown id is 404", async () => {
    const stored = await api.scratch.prisma.marketplaceItem.findFirstOrThrow({ orderBy: { slug: "asc" } });

    const found = await call<Item & { description: string }>(MEMBER, `/api/v1/marketplace/items/${stored.id}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: stored.id, slug: stored.slug, description: stored.description, priceCents: stored.priceCents });
    expect((await call(MEMBER, "/api/v1/marketplace/items/6d0c9a52-5f1e-4a4b-9a55-8f3b2f1d0e77")).status).toBe(404);
  });
});
