import { recordAudit } from "@/lib/audit";
import { decodeCursor, toPage, type Page } from "@/lib/db/cursor";
import type { DbAccess } from "@/lib/db/access";
import { NotFoundError } from "@/lib/http/errors";
import { invalidateTemplateChange, recordTemplateUseIn } from "@/lib/templates";
import * as repo from "./repo";
import { draftContentFor } from "./rules";
import { draftContentSchema, draftCursorSchema, type CreateDraftInput, type DraftOutput, type ListDraftsInput, type RenameDraftInput } from "./schemas";

type ReadCtx = { tenantId: string; db: DbAccess };
type WriteCtx = ReadCtx & { requestId: string; viewer: { user: { id: string; email: string } } };

/** What "Use template" answers: the draft, and whether this call made it (false for a repeated key). */
export type CreatedDraft = { draft: DraftOutput; isNew: boolean };

/**
 * "Use template": copies the template into the tenant's library as a draft, counts the use on
 * the template's popularity and writes the audit entry, all in one transaction. Any member may
 * do it. A repeat with the same idempotency key (a double click, a retried request) returns the
 * first draft and counts nothing again.
 */
export async function createDraft(ctx: WriteCtx, input: CreateDraftInput): Promise<CreatedDraft> {
  const createdById = ctx.viewer.user.id;
  const key = input.idempotencyKey ?? null;
  const result = await ctx.db.primary.$transaction(async (tx) => {
    if (key) {
      const earlier = await repo.findDraftByIdempotencyKey(tx, ctx.tenantId, createdById, key);
      if (earlier) return { id: earlier.id, categorySlug: null };
    }
    const template = await recordTemplateUseIn(tx, ctx.tenantId, input.templateId);
    if (!template) throw new NotFoundError(`no template ${input.templateId}`);
    const content = draftContentFor(template);
    const id = await repo.insertDraft(tx, ctx.tenantId, { templateId: template.id, name: template.name, content, createdById, idempotencyKey: key });
    // A concurrent request with the same key committed first: this one's use is rolled back.
    if (!id) throw new RepeatedKey();
    await recordAudit(tx, {
      actorUserId: createdById,
      actorEmail: ctx.viewer.user.email,
      tenantId: ctx.tenantId,
      action: "template_draft.create",
      target: `template_draft:${id}`,
      before: null,
      after: { name: template.name, templateId: template.id },
      requestId: ctx.requestId,
    });
    return { id, categorySlug: template.categorySlug };
  }).catch(async (error: unknown) => {
    if (!(error instanceof RepeatedKey) || !key) throw error;
    const winner = await repo.findDraftByIdempotencyKey(ctx.db.primary, ctx.tenantId, createdById, key);
    if (!winner) throw error;
    return { id: winner.id, categorySlug: null };
  });
  // The use reorders the template's category: its cached pages go, after the commit.
  if (result.categorySlug) await invalidateTemplateChange(ctx.tenantId, input.templateId, [result.categorySlug]);
  return { draft: await readOwnDraft(ctx, result.id), isNew: result.categorySlug !== null };
}

class RepeatedKey extends Error {}

/** The tenant's drafts, newest first (cursor pagination; a rename does not move a draft). */
export async function listDrafts(ctx: ReadCtx, input: ListDraftsInput): Promise<Page<DraftOutput>> {
  const after = input.cursor ? decodeCursor(input.cursor, draftCursorSchema) : null;
  const key = after ? { createdAt: new Date(after[0]), id: after[1] } : null;
  const rows = await ctx.db.read((client) => repo.listDrafts(client, ctx.tenantId, key, input.limit + 1));
  return toPage(rows, input.limit, toDraftOutput, (row) => [row.createdAt.toISOString(), row.id]);
}

/** One draft of the caller's tenant; another tenant's id is not found. */
export async function getDraft(ctx: ReadCtx, id: string): Promise<DraftOutput> {
  const row = await ctx.db.read((client) => repo.findDraft(client, ctx.tenantId, id));
  if (!row) throw notFound(id);
  return toDraftOutput(row);
}

/** Renames a draft (any member of the tenant; audited). Saving the same name changes nothing. */
export async function renameDraft(ctx: WriteCtx, id: string, input: RenameDraftInput): Promise<DraftOutput> {
  const row = await ctx.db.primary.$transaction(async (tx) => {
    const current = await repo.lockDraft(tx, ctx.tenantId, id);
    if (!current) throw notFound(id);
    if (current.name === input.name) return current;
    const renamed = await repo.renameDraft(tx, id, input.name);
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: ctx.tenantId,
      action: "template_draft.rename",
      target: `template_draft:${id}`,
      before: { name: current.name },
      after: { name: renamed.name },
      requestId: ctx.requestId,
    });
    return renamed;
  });
  return toDraftOutput(row);
}

/** Read back from the primary: the caller must see the draft they just made. */
async function readOwnDraft(ctx: ReadCtx, id: string): Promise<DraftOutput> {
  const row = await repo.findDraft(ctx.db.primary, ctx.tenantId, id);
  if (!row) throw notFound(id);
  return toDraftOutput(row);
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`no draft ${id} in this agency's library`);
}

function toDraftOutput(row: repo.DraftRow): DraftOutput {
  return {
    id: row.id,
    name: row.name,
    templateId: row.templateId,
    content: draftContentSchema.parse(row.content),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
