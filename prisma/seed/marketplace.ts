import type { PrismaClient } from "@/generated/prisma/client";
import { MARKETPLACE_CATEGORY_SLUGS } from "@/lib/marketplace/categories";
import { seededRandom } from "./catalog-data";
import { DAY_MS, inBatches, SEED_EPOCH_MS } from "./batches";
import { MARKETPLACE_EDITIONS, MARKETPLACE_PRICES_CENTS, MARKETPLACE_PRODUCTS, MARKETPLACE_VENDORS } from "./marketplace-data";

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
    MARKETPLACE_PRODUCTS[category].flatMap(({ product, does }) =>
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
          description: [summary, edition.note, "Connects to the toolkit with one click and respects each client's permissions."].filter(Boolean).join(" "),
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

/** The shared catalog, in batched inserts that skip existing slugs (idempotent). */
export async function seedMarketplace(prisma: PrismaClient): Promise<void> {
  for (const batch of inBatches(buildMarketplaceItems(), BATCH_SIZE)) await prisma.marketplaceItem.createMany({ data: batch, skipDuplicates: true });
}
