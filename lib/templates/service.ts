import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import type { DbAccess } from "@/lib/db/access";
import { NotFoundError } from "@/lib/http/errors";
import { cacheKeys, cacheTags, getOrLoad, invalidateKey, POPULAR_TEMPLATES_WARMER, warmEach, type Warmer } from "@/lib/cache";
import { categoryExists, listPopularTemplatesAcrossTenants, listTemplatesByCategory, type TemplateRow } from "./repo";
import { templateCursorSchema, type ListTemplatesInput, type TemplateOutput } from "./schemas";

type Ctx = { tenantId: string; db: DbAccess };

/** A category's templates by popularity, served from a replica in rotation. */
export async function listTemplates(ctx: Ctx, input: ListTemplatesInput): Promise<Page<TemplateOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, templateCursorSchema) : null;
  const key = after ? { popularityScore: after[0], createdAt: new Date(after[1]), id: after[2] } : null;
  const page = await getOrLoad(
    cacheKeys.templatesByCategory(ctx.tenantId, input.category, `${input.cursor ?? "first"}.${input.limit}`),
    async () => {
      const rows = await ctx.db.read((client) => listTemplatesByCategory(client, ctx.tenantId, input.category, key, input.limit + 1));
      if (rows.length === 0 && !after && !(await ctx.db.read((client) => categoryExists(client, ctx.tenantId, input.category)))) return null;
      return toPage(rows, input.limit, toTemplateOutput, (row) => [row.popularityScore, row.createdAt.toISOString(), row.id]);
    },
    { tags: [cacheTags.templates(ctx.tenantId), cacheTags.templateCategory(ctx.tenantId, input.category)] },
  );
  if (!page) throw new NotFoundError(`no template category "${input.category}"`);
  return page;
}

function toTemplateOutput(row: TemplateRow): TemplateOutput {
  return { id: row.id, name: row.name, description: row.description, categorySlug: row.categorySlug, popularityScore: row.popularityScore, createdAt: row.createdAt.toISOString() };
}

/**
 * The guide's popular-templates warmer: the top templates above a popularity of 8.0 go into the
 * cache before anyone asks for them, on one instance per schedule tick.
 */
export function popularTemplatesWarmer(read: DbAccess["read"]): Warmer {
  return {
    name: POPULAR_TEMPLATES_WARMER.name,
    cron: POPULAR_TEMPLATES_WARMER.cron,
    async run(report) {
      const rows = await read((client) => listPopularTemplatesAcrossTenants(client, POPULAR_TEMPLATES_WARMER.minPopularity, POPULAR_TEMPLATES_WARMER.limit));
      await warmEach(
        rows,
        async (row) => {
          const key = cacheKeys.template(row.tenantId, row.id);
          await invalidateKey(key); // refresh: the warmed value replaces whatever was there
          await getOrLoad(key, async () => toTemplateOutput(row), { tags: [cacheTags.templates(row.tenantId)] });
        },
        report,
      );
    },
  };
}
