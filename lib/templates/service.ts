import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import type { DbAccess } from "@/lib/db/access";
import { NotFoundError } from "@/lib/http/errors";
import { categoryExists, listTemplatesByCategory } from "./repo";
import { templateCursorSchema, type ListTemplatesInput, type TemplateOutput } from "./schemas";

type Ctx = { tenantId: string; db: DbAccess };

/** A category's templates by popularity, served from a replica in rotation. */
export async function listTemplates(ctx: Ctx, input: ListTemplatesInput): Promise<Page<TemplateOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, templateCursorSchema) : null;
  const key = after ? { popularityScore: after[0], createdAt: new Date(after[1]), id: after[2] } : null;
  const rows = await ctx.db.read((client) => listTemplatesByCategory(client, ctx.tenantId, input.category, key, input.limit + 1));
  if (rows.length === 0 && !after && !(await ctx.db.read((client) => categoryExists(client, ctx.tenantId, input.category)))) {
    throw new NotFoundError(`no template category "${input.category}"`);
  }
  return toPage(
    rows,
    input.limit,
    (row) => ({ ...row, createdAt: row.createdAt.toISOString() }),
    (row) => [row.popularityScore, row.createdAt.toISOString(), row.id],
  );
}
