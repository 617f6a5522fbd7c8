import { Prisma, type PrismaClient } from "@/generated/prisma/client";

export type Db = PrismaClient | Prisma.TransactionClient;

export type TemplateRow = {
  id: string;
  name: string;
  description: string;
  categorySlug: string;
  popularityScore: number;
  createdAt: Date;
};

export type TemplateKey = { popularityScore: number; createdAt: Date; id: string };

/** `categorySlug` narrows to one category; `nameContains` is matched case-insensitively. */
export type TemplateFilter = { categorySlug?: string; nameContains?: string };

/** `%`, `_` and `\` are wildcards/escapes to LIKE; searched text must match them literally. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * One page of templates, most popular first, newest first among equals, id last so the order is
 * total. With a category this is a range scan of template_listing_idx at any depth (the row
 * comparison against the previous page's last key replaces OFFSET); across categories the same
 * on template_tenant_listing_idx. A name search goes through template_name_search_idx (trigrams
 * and the tenant in one GIN), then sorts the matches.
 */
export async function listTemplates(client: PrismaClient, tenantId: string, filter: TemplateFilter, after: TemplateKey | null, limit: number): Promise<TemplateRow[]> {
  const inCategory = filter.categorySlug
    ? Prisma.sql`and t."categoryId" = (select id from template_category where "tenantId" = ${tenantId}::uuid and slug = ${filter.categorySlug})`
    : Prisma.empty;
  const nameMatches = filter.nameContains ? Prisma.sql`and t.name ilike ${likeContains(filter.nameContains)}` : Prisma.empty;
  const afterKey = after
    ? Prisma.sql`and (t."popularityScore", t."createdAt", t.id) < (${after.popularityScore}::float8, ${after.createdAt}::timestamp(3), ${after.id}::uuid)`
    : Prisma.empty;
  return client.$queryRaw<TemplateRow[]>`
    select t.id, t.name, t.description, c.slug as "categorySlug", t."popularityScore", t."createdAt"
    from template t
    join template_category c on c.id = t."categoryId"
    where t."tenantId" = ${tenantId}::uuid ${inCategory} ${nameMatches} ${afterKey}
    order by t."popularityScore" desc, t."createdAt" desc, t.id desc
    limit ${limit}`;
}

export async function categoryExists(client: PrismaClient, tenantId: string, slug: string): Promise<boolean> {
  const category = await client.templateCategory.findUnique({ where: { tenantId_slug: { tenantId, slug } }, select: { id: true } });
  return category !== null;
}

export type CategoryRow = { slug: string; name: string; templateCount: number };

/** The tenant's categories in name order, with how many templates each holds. */
export async function listCategoriesWithCounts(client: PrismaClient, tenantId: string): Promise<CategoryRow[]> {
  return client.$queryRaw<CategoryRow[]>`
    select c.slug, c.name, (select count(*)::int from template t where t."tenantId" = c."tenantId" and t."categoryId" = c.id) as "templateCount"
    from template_category c
    where c."tenantId" = ${tenantId}::uuid
    order by c.name, c.slug`;
}

const templateRowSelect = {
  id: true,
  name: true,
  description: true,
  popularityScore: true,
  createdAt: true,
  categoryId: true,
  category: { select: { slug: true } },
} satisfies Prisma.TemplateSelect;
type SelectedTemplate = Prisma.TemplateGetPayload<{ select: typeof templateRowSelect }>;

export type StoredTemplate = TemplateRow & { categoryId: string };

function toStoredTemplate(row: SelectedTemplate): StoredTemplate {
  const { category, ...rest } = row;
  return { ...rest, categorySlug: category.slug };
}

/** One template of the tenant; another tenant's id finds nothing. */
export async function findTemplate(client: Db, tenantId: string, id: string): Promise<StoredTemplate | null> {
  const row = await client.template.findFirst({ where: { id, tenantId }, select: templateRowSelect });
  return row ? toStoredTemplate(row) : null;
}

/** The template, locked until the transaction ends, so concurrent edits apply one after another. */
export async function lockTemplate(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<StoredTemplate | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`select id from template where id = ${id}::uuid and "tenantId" = ${tenantId}::uuid for update`;
  return locked.length === 0 ? null : findTemplate(tx, tenantId, id);
}

export async function findCategoryId(client: Db, tenantId: string, slug: string): Promise<string | null> {
  const category = await client.templateCategory.findUnique({ where: { tenantId_slug: { tenantId, slug } }, select: { id: true } });
  return category?.id ?? null;
}

export type TemplateFields = { categoryId: string; name: string; description: string; popularityScore: number };

export async function insertTemplate(tx: Prisma.TransactionClient, tenantId: string, fields: TemplateFields): Promise<StoredTemplate> {
  return toStoredTemplate(await tx.template.create({ data: { tenantId, ...fields }, select: templateRowSelect }));
}

export async function updateTemplate(tx: Prisma.TransactionClient, id: string, fields: Partial<TemplateFields>): Promise<StoredTemplate> {
  return toStoredTemplate(await tx.template.update({ where: { id }, data: fields, select: templateRowSelect }));
}

export async function deleteTemplate(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await tx.template.delete({ where: { id } });
}

/**
 * One use in a single statement: score += (max − score) × weight, so concurrent uses never
 * overwrite each other. Null when the tenant has no such template.
 */
export async function recordTemplateUse(client: Db, tenantId: string, id: string, maxScore: number, weight: number): Promise<{ categorySlug: string; popularityScore: number } | null> {
  const rows = await client.$queryRaw<{ categorySlug: string; popularityScore: number }[]>`
    update template t set "popularityScore" = t."popularityScore" + (${maxScore}::float8 - t."popularityScore") * ${weight}::float8, "updatedAt" = now() at time zone 'utc'
    from template_category c
    where t.id = ${id}::uuid and t."tenantId" = ${tenantId}::uuid and c.id = t."categoryId"
    returning c.slug as "categorySlug", t."popularityScore"`;
  return rows[0] ?? null;
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
