import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { SortKey } from "./sort-keys";

type Db = PrismaClient | Prisma.TransactionClient;

export type MarketplaceItemRow = {
  id: string;
  slug: string;
  name: string;
  summary: string;
  vendor: string;
  category: string;
  priceCents: number;
  rating: number;
  ratingCount: number;
  installCount: number;
  createdAt: Date;
};

export type ItemFilter = { categories?: string[]; minPriceCents?: number; maxPriceCents?: number; minRating?: number; textContains?: string };

/** The last row of the previous page: its sort column's value and its id. */
export type ItemAfter = { value: number | Date; id: string };

function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const COLUMN_SQL: Record<SortKey["column"], { column: Prisma.Sql; cast: Prisma.Sql }> = {
  installCount: { column: Prisma.raw(`i."installCount"`), cast: Prisma.raw("int") },
  rating: { column: Prisma.raw(`i.rating`), cast: Prisma.raw("float8") },
  priceCents: { column: Prisma.raw(`i."priceCents"`), cast: Prisma.raw("int") },
  createdAt: { column: Prisma.raw(`i."createdAt"`), cast: Prisma.raw("timestamp(3)") },
};

/**
 * One page of the catalog in `sort` order. The order is (sort column, id) in one direction, so
 * the row comparison against the previous page's last row resumes exactly where it ended (no
 * duplicates, no gaps, whatever the ties), walking that sort's index.
 */
export async function listItems(client: PrismaClient, filter: ItemFilter, sort: SortKey, after: ItemAfter | null, limit: number): Promise<MarketplaceItemRow[]> {
  const { column, cast } = COLUMN_SQL[sort.column];
  const direction = Prisma.raw(sort.direction);
  const conditions: Prisma.Sql[] = [];
  if (filter.categories?.length) conditions.push(Prisma.sql`i.category = any(${filter.categories}::text[])`);
  if (filter.minPriceCents !== undefined) conditions.push(Prisma.sql`i."priceCents" >= ${filter.minPriceCents}::int`);
  if (filter.maxPriceCents !== undefined) conditions.push(Prisma.sql`i."priceCents" <= ${filter.maxPriceCents}::int`);
  if (filter.minRating !== undefined) conditions.push(Prisma.sql`i.rating >= ${filter.minRating}::float8`);
  if (filter.textContains) {
    const pattern = likeContains(filter.textContains);
    conditions.push(Prisma.sql`(i.name ilike ${pattern} or i.summary ilike ${pattern})`);
  }
  if (after) {
    const comparison = Prisma.raw(sort.direction === "desc" ? "<" : ">");
    conditions.push(Prisma.sql`(${column}, i.id) ${comparison} (${after.value}::${cast}, ${after.id}::uuid)`);
  }
  const where = conditions.length > 0 ? Prisma.sql`where ${Prisma.join(conditions, " and ")}` : Prisma.empty;
  return client.$queryRaw<MarketplaceItemRow[]>`
    select i.id, i.slug, i.name, i.summary, i.vendor, i.category, i."priceCents", i.rating, i."ratingCount", i."installCount", i."createdAt"
    from marketplace_item i
    ${where}
    order by ${column} ${direction}, i.id ${direction}
    limit ${limit}`;
}

const itemDetailSelect = {
  id: true,
  slug: true,
  name: true,
  summary: true,
  description: true,
  vendor: true,
  category: true,
  priceCents: true,
  rating: true,
  ratingCount: true,
  installCount: true,
  createdAt: true,
  moduleKey: true,
} satisfies Prisma.MarketplaceItemSelect;
export type MarketplaceItemDetailRow = Prisma.MarketplaceItemGetPayload<{ select: typeof itemDetailSelect }>;

export async function findItem(client: Db, id: string): Promise<MarketplaceItemDetailRow | null> {
  return client.marketplaceItem.findUnique({ where: { id }, select: itemDetailSelect });
}

/** One more install on the item's counter (a single statement, so concurrent installs all count). */
export async function countInstall(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await tx.marketplaceItem.update({ where: { id }, data: { installCount: { increment: 1 } }, select: { id: true } });
}
