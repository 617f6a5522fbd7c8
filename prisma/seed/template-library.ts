import type { PrismaClient } from "@/generated/prisma/client";
import { seededRandom } from "./catalog-data";
import { DAY_MS, inBatches, SEED_EPOCH_MS } from "./batches";
import { TEMPLATE_LIBRARY, TEMPLATE_STYLES, templateDescription, templateName } from "./template-library-data";

const BATCH_SIZE = 200;

/**
 * The tenant's template library: every category and template that is missing, in batched
 * inserts that skip what exists (unique slug per tenant, unique name per category), so a second
 * run changes nothing and a library seeded by an older version is completed, not duplicated.
 * Scores and dates come from `seed`, never from the clock or Math.random.
 */
export async function seedTemplateLibrary(prisma: PrismaClient, tenantId: string, seed: number): Promise<void> {
  await prisma.templateCategory.createMany({
    data: TEMPLATE_LIBRARY.map((category, index) => ({ tenantId, slug: category.slug, name: category.name, createdAt: new Date(SEED_EPOCH_MS - (400 - index) * DAY_MS) })),
    skipDuplicates: true,
  });
  const categories = await prisma.templateCategory.findMany({ where: { tenantId }, select: { id: true, slug: true } });
  const categoryIds = new Map(categories.map((category) => [category.slug, category.id]));

  const random = seededRandom(seed * 7919);
  const rows = TEMPLATE_LIBRARY.flatMap((category) =>
    category.subjects.flatMap((subject) =>
      TEMPLATE_STYLES.map((style) => ({
        tenantId,
        categoryId: categoryIds.get(category.slug)!,
        name: templateName(subject, style),
        description: templateDescription(subject, category.noun, style),
        // Skewed towards the middle like real usage: a few favourites, a long tail.
        popularityScore: Math.round(((random() + random() + random()) / 3) * 1000) / 100,
        createdAt: new Date(SEED_EPOCH_MS - Math.floor(random() * 365) * DAY_MS - Math.floor(random() * DAY_MS)),
      })),
    ),
  );
  for (const batch of inBatches(rows, BATCH_SIZE)) await prisma.template.createMany({ data: batch, skipDuplicates: true });
}
