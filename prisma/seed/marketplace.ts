import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { MARKETPLACE_CATEGORY_SLUGS } from "@/lib/marketplace/categories";
import { seededRandom } from "./catalog-data";
import { DAY_MS, inBatches, SEED_EPOCH_MS } from "./batches";
import { MARKETPLACE_CATEGORY_PITCHES, MARKETPLACE_EDITIONS, MARKETPLACE_PRICES_CENTS, MARKETPLACE_PRODUCTS, MARKETPLACE_VENDORS } from "./marketplace-data";

const BATCH_SIZE = 200;

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Every product in every edition: 8 categories × 7 products × 7 editions = 392 items. */
export function buildMarketplaceItems() {
  const random = seededRandom(20_261_127);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  return MARKETPLACE_CATEGORY_SLUGS.flatMap((category) =>
    MARKETPLACE_PRODUCTS[category].flatMap(({ product, does, module }) =>
      MARKETPLACE_EDITIONS.map((edition) => {
        const name = edition.name ? `${product} ${edition.name}` : product;
        const ratingCount = random() < 0.08 ? 0 : Math.floor(random() ** 3 * 2400) + 1;
        // Reviews cluster around 4.2 with a tail; unrated items show 0.
        const rating = ratingCount === 0 ? 0 : Math.min(5, Math.max(1, Math.round((4.2 + (random() + random() - 1) * 1.4) * 10) / 10));
        const summary = `${product} ${does}.`;
        return {
          slug: slugify(name),
          name,
          summary,
          description: `${summary} ${MARKETPLACE_CATEGORY_PITCHES[category]} ${edition.note}`,
          moduleKey: module,
          vendor: pick(MARKETPLACE_VENDORS),
          category,
          priceCents: pick(MARKETPLACE_PRICES_CENTS),
          rating,
          ratingCount,
          installCount: Math.floor(random() ** 4 * 50_000),
          createdAt: new Date(SEED_EPOCH_MS - Math.floor(random() * 730) * DAY_MS - Math.floor(random() * DAY_MS)),
        };
      }),
    ),
  );
}

/**
 * The shared catalog, in batched inserts that skip existing slugs (idempotent). Items seeded by
 * an older version get the current description and module; a second run updates nothing.
 */
export async function seedMarketplace(prisma: PrismaClient): Promise<void> {
  const items = buildMarketplaceItems();
  for (const batch of inBatches(items, BATCH_SIZE)) await prisma.marketplaceItem.createMany({ data: batch, skipDuplicates: true });
  for (const batch of inBatches(items, BATCH_SIZE)) {
    const rows = Prisma.join(batch.map((item) => Prisma.sql`(${item.slug}, ${item.description}, ${item.moduleKey})`));
    await prisma.$executeRaw`
      update marketplace_item m set description = v.description, "moduleKey" = v."moduleKey", "updatedAt" = now() at time zone 'utc'
      from (values ${rows}) as v(slug, description, "moduleKey")
      where m.slug = v.slug and (m.description <> v.description or m."moduleKey" is distinct from v."moduleKey")`;
  }
}
