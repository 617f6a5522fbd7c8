import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { seededRandom } from "./catalog-data";
import { DAY_MS, inBatches, SEED_EPOCH_MS } from "./batches";
import { LEGACY_DESCRIPTION_MARKER, TEMPLATE_LIBRARY, TEMPLATE_STYLES, templateDescription, templateName } from "./template-library-data";

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
        description: templateDescription(subject, category, style),
        // Skewed towards the middle like real usage: a few favourites, a long tail.
        popularityScore: Math.round(((random() + random() + random()) / 3) * 1000) / 100,
        createdAt: new Date(SEED_EPOCH_MS - Math.floor(random() * 365) * DAY_MS - Math.floor(random() * DAY_MS)),
      })),
    ),
  );
  for (const batch of inBatches(rows, BATCH_SIZE)) await prisma.template.createMany({ data: batch, skipDuplicates: true });
  await rewriteLegacyDescriptions(prisma, tenantId, rows);
}

/**
 * Templates seeded by an older version carry its boilerplate ("App install ad ad set, ready to
 * brand and publish."): those, and only those, get the current copy, so text an admin wrote stays.
 */
async function rewriteLegacyDescriptions(prisma: PrismaClient, tenantId: string, rows: { categoryId: string; name: string; description: string }[]): Promise<void> {
  const legacy = `%${LEGACY_DESCRIPTION_MARKER}%`;
  if ((await prisma.template.count({ where: { tenantId, description: { contains: LEGACY_DESCRIPTION_MARKER } } })) === 0) return;
  for (const batch of inBatches(rows, BATCH_SIZE)) {
    const values = Prisma.join(batch.map((row) => Prisma.sql`(${row.categoryId}::uuid, ${row.name}, ${row.description})`));
    await prisma.$executeRaw`
      update template t set description = v.description
      from (values ${values}) as v("categoryId", name, description)
      where t."tenantId" = ${tenantId}::uuid and t."categoryId" = v."categoryId" and t.name = v.name and t.description like ${legacy}`;
  }
}
