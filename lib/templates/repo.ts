import { Prisma, type PrismaClient } from "@/generated/prisma/client";

export type TemplateRow = {
  id: string;
  name: string;
  description: string;
  categorySlug: string;
  popularityScore: number;
  createdAt: Date;
};

export type TemplateKey = { popularityScore: number; createdAt: Date; id: string };

/**
 * One page of a category's templates, most popular first, newest first among equals, id last so
 * the order is total. The row comparison against the previous page's last key makes this a range
 * scan of template_listing_idx at any depth (no OFFSET, no sort).
 */
export async function listTemplatesByCategory(client: PrismaClient, tenantId: string, categorySlug: string, after: TemplateKey | null, limit: number): Promise<TemplateRow[]> {
  const afterKey = after
    ? Prisma.sql`and (t."popularityScore", t."createdAt", t.id) < (${after.popularityScore}::float8, ${after.createdAt}::timestamp(3), ${after.id}::uuid)`
    : Prisma.empty;
  return client.$queryRaw<TemplateRow[]>`
    select t.id, t.name, t.description, c.slug as "categorySlug", t."popularityScore", t."createdAt"
    from template_category c
    join template t on t."tenantId" = c."tenantId" and t."categoryId" = c.id
    where c."tenantId" = ${tenantId}::uuid and c.slug = ${categorySlug} ${afterKey}
    order by t."popularityScore" desc, t."createdAt" desc, t.id desc
    limit ${limit}`;
}

export async function categoryExists(client: PrismaClient, tenantId: string, slug: string): Promise<boolean> {
  const category = await client.templateCategory.findUnique({ where: { tenantId_slug: { tenantId, slug } }, select: { id: true } });
  return category !== null;
}

/** The most popular templates of every tenant (for cache warming, an ops task across tenants). */
export async function listPopularTemplatesAcrossTenants(client: PrismaClient, minPopularity: number, limit: number): Promise<(TemplateRow & { tenantId: string })[]> {
  return client.$queryRaw<(TemplateRow & { tenantId: string })[]>`
    select t.id, t."tenantId", t.name, t.description, c.slug as "categorySlug", t."popularityScore", t."createdAt"
    from template t join template_category c on c.id = t."categoryId"
    where t."popularityScore" > ${minPopularity}
    order by t."popularityScore" desc, t."createdAt" desc, t.id desc
    limit ${limit}`;
}
