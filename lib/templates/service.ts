import { recordAudit } from "@/lib/audit";
import { hasTenantRole, type TenantRole } from "@/lib/auth/roles";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import type { DbAccess } from "@/lib/db/access";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { cacheKeys, cacheTags, getOrLoad, invalidateKey, POPULAR_TEMPLATES_WARMER, warmEach, type Warmer } from "@/lib/cache";
import { invalidateTemplateChange } from "./invalidation";
import * as repo from "./repo";
import {
  POPULARITY_MAX,
  templateCursorSchema,
  type CreateTemplateInput,
  type ListTemplatesInput,
  type PopularityInput,
  type TemplateCategoryOutput,
  type TemplateOutput,
  type UpdateTemplateInput,
} from "./schemas";
import { ALL_CATEGORIES, listingPageKey } from "./listing-key";

type ReadCtx = { tenantId: string; db: DbAccess };
type WriteCtx = ReadCtx & { requestId: string; role: TenantRole; viewer: { user: { id: string; email: string } } };

/** Who may create, edit, delete and curate templates (tenant admins always pass). */
export const TEMPLATE_EDITOR_ROLES: readonly TenantRole[] = ["admin"];
/** The share of the gap to the maximum score one use closes (see popularitySchema). */
const USE_WEIGHT = 0.02;

/** A page of the tenant's templates by popularity, from the cache or a replica in rotation. */
export async function listTemplates(ctx: ReadCtx, input: ListTemplatesInput): Promise<Page<TemplateOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, templateCursorSchema) : null;
  const key = after ? { popularityScore: after[0], createdAt: new Date(after[1]), id: after[2] } : null;
  const filter = { categorySlug: input.category, nameContains: input.q };
  const categoryTag = cacheTags.templateCategory(ctx.tenantId, input.category ?? ALL_CATEGORIES);
  const page = await getOrLoad(
    cacheKeys.templatesByCategory(ctx.tenantId, input.category ?? ALL_CATEGORIES, listingPageKey(input)),
    async () => {
      const rows = await ctx.db.read((client) => repo.listTemplates(client, ctx.tenantId, filter, key, input.limit + 1));
      if (rows.length === 0 && !after && input.category && !(await ctx.db.read((client) => repo.categoryExists(client, ctx.tenantId, input.category!)))) return null;
      return toPage(rows, input.limit, toTemplateOutput, (row) => [row.popularityScore, row.createdAt.toISOString(), row.id]);
    },
    { tags: [cacheTags.templates(ctx.tenantId), categoryTag] },
  );
  if (!page) throw new NotFoundError(`no template category "${input.category}"`);
  return page;
}

/** One template of the caller's tenant; another tenant's id is not found. */
export async function getTemplate(ctx: ReadCtx, id: string): Promise<TemplateOutput> {
  const template = await getOrLoad(
    cacheKeys.template(ctx.tenantId, id),
    async () => {
      const row = await ctx.db.read((client) => repo.findTemplate(client, ctx.tenantId, id));
      return row ? toTemplateOutput(row) : null;
    },
    { tags: [cacheTags.templates(ctx.tenantId)] },
  );
  if (!template) throw notFound(id);
  return template;
}

export async function listTemplateCategories(ctx: ReadCtx): Promise<{ items: TemplateCategoryOutput[] }> {
  return { items: await ctx.db.read((client) => repo.listCategoriesWithCounts(client, ctx.tenantId)) };
}

export async function createTemplate(ctx: WriteCtx, input: CreateTemplateInput): Promise<TemplateOutput> {
  assertEditor(ctx);
  const created = await ctx.db.primary.$transaction(async (tx) => {
    const categoryId = await requireCategory(tx, ctx.tenantId, input.categorySlug);
    const row = await repo.insertTemplate(tx, ctx.tenantId, { categoryId, name: input.name, description: input.description, popularityScore: input.popularityScore });
    await recordAudit(tx, auditEntry(ctx, "template.create", row.id, null, auditedFields(row)));
    return row;
  });
  await invalidateTemplateChange(ctx.tenantId, created.id, [created.categorySlug]);
  return toTemplateOutput(created);
}

export async function updateTemplate(ctx: WriteCtx, id: string, input: UpdateTemplateInput): Promise<TemplateOutput> {
  assertEditor(ctx);
  const { before, after } = await ctx.db.primary.$transaction(async (tx) => {
    const current = await repo.lockTemplate(tx, ctx.tenantId, id);
    if (!current) throw notFound(id);
    const categoryId = input.categorySlug === undefined ? undefined : await requireCategory(tx, ctx.tenantId, input.categorySlug);
    const changes = { categoryId, name: input.name, description: input.description };
    const changed = Object.entries(changes).some(([field, value]) => value !== undefined && value !== current[field as keyof typeof changes]);
    if (!changed) return { before: current, after: current };
    const updated = await repo.updateTemplate(tx, id, changes);
    await recordAudit(tx, auditEntry(ctx, "template.update", id, auditedFields(current), auditedFields(updated)));
    return { before: current, after: updated };
  });
  if (after !== before) await invalidateTemplateChange(ctx.tenantId, id, [before.categorySlug, after.categorySlug]);
  return toTemplateOutput(after);
}

export async function deleteTemplate(ctx: WriteCtx, id: string): Promise<{ deleted: TemplateOutput }> {
  assertEditor(ctx);
  const deleted = await ctx.db.primary.$transaction(async (tx) => {
    const current = await repo.lockTemplate(tx, ctx.tenantId, id);
    if (!current) throw notFound(id);
    await repo.deleteTemplate(tx, id);
    await recordAudit(tx, auditEntry(ctx, "template.delete", id, auditedFields(current), null));
    return current;
  });
  await invalidateTemplateChange(ctx.tenantId, id, [deleted.categorySlug]);
  return { deleted: toTemplateOutput(deleted) };
}

/**
 * A recorded use (any member, not audited: it is usage, not a change of the catalog) or an
 * admin's curated score (audited). Either reorders the category, so its pages are invalidated.
 */
export async function changePopularity(ctx: WriteCtx, id: string, input: PopularityInput): Promise<TemplateOutput> {
  if (input.kind === "use") {
    const used = await repo.recordTemplateUse(ctx.db.primary, ctx.tenantId, id, POPULARITY_MAX, USE_WEIGHT);
    if (!used) throw notFound(id);
    await invalidateTemplateChange(ctx.tenantId, id, [used.categorySlug]);
  } else {
    assertEditor(ctx);
    const score = input.score!;
    const changed = await ctx.db.primary.$transaction(async (tx) => {
      const current = await repo.lockTemplate(tx, ctx.tenantId, id);
      if (!current) throw notFound(id);
      if (current.popularityScore === score) return null;
      const updated = await repo.updateTemplate(tx, id, { popularityScore: score });
      await recordAudit(tx, auditEntry(ctx, "template.popularity", id, { popularityScore: current.popularityScore }, { popularityScore: score }));
      return updated;
    });
    if (changed) await invalidateTemplateChange(ctx.tenantId, id, [changed.categorySlug]);
  }
  // Read back from the primary: the caller must see their own change, not a lagging replica.
  const row = await repo.findTemplate(ctx.db.primary, ctx.tenantId, id);
  if (!row) throw notFound(id);
  return toTemplateOutput(row);
}

/**
 * Counts one use inside the caller's transaction (a draft made from the template) with the same
 * rule as a recorded use, and returns the template as used; null when the tenant has no such
 * template. The caller invalidates the listing with `invalidateTemplateChange` after commit.
 */
export async function recordTemplateUseIn(tx: repo.Db, tenantId: string, id: string): Promise<TemplateOutput | null> {
  const used = await repo.recordTemplateUse(tx, tenantId, id, POPULARITY_MAX, USE_WEIGHT);
  if (!used) return null;
  const row = await repo.findTemplate(tx, tenantId, id);
  return row ? toTemplateOutput(row) : null;
}

function assertEditor(ctx: WriteCtx): void {
  if (!hasTenantRole(ctx.role, TEMPLATE_EDITOR_ROLES)) throw new ForbiddenError("only admins can change the template catalog");
}

async function requireCategory(client: Parameters<typeof repo.findCategoryId>[0], tenantId: string, slug: string): Promise<string> {
  const categoryId = await repo.findCategoryId(client, tenantId, slug);
  if (!categoryId) throw new ValidationError(`no template category "${slug}"`, { extra: { errors: [{ path: "json.categorySlug", message: `no category "${slug}" in this tenant` }] } });
  return categoryId;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`no template ${id}`);
}

function auditedFields(row: repo.StoredTemplate) {
  return { name: row.name, description: row.description, categorySlug: row.categorySlug, popularityScore: row.popularityScore };
}

function auditEntry(ctx: WriteCtx, action: string, id: string, before: ReturnType<typeof auditedFields> | { popularityScore: number } | null, after: typeof before) {
  return { actorUserId: ctx.viewer.user.id, actorEmail: ctx.viewer.user.email, tenantId: ctx.tenantId, action, target: `template:${id}`, before, after, requestId: ctx.requestId };
}

function toTemplateOutput(row: repo.TemplateRow): TemplateOutput {
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
      const rows = await read((client) => repo.listPopularTemplatesAcrossTenants(client, POPULAR_TEMPLATES_WARMER.minPopularity, POPULAR_TEMPLATES_WARMER.limit));
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
