import { Prisma, type PrismaClient } from "@/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

const draftSelect = {
  id: true,
  name: true,
  templateId: true,
  content: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.TemplateDraftSelect;
export type DraftRow = Prisma.TemplateDraftGetPayload<{ select: typeof draftSelect }>;

export type DraftKey = { createdAt: Date; id: string };

/** One page of the tenant's drafts, newest first: a range scan of template_draft_listing_idx. */
export async function listDrafts(client: Db, tenantId: string, after: DraftKey | null, limit: number): Promise<DraftRow[]> {
  return client.templateDraft.findMany({
    where: {
      tenantId,
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: draftSelect,
  });
}

/** One draft of the tenant; another tenant's id finds nothing. */
export async function findDraft(client: Db, tenantId: string, id: string): Promise<DraftRow | null> {
  return client.templateDraft.findFirst({ where: { id, tenantId }, select: draftSelect });
}

/** The draft this person already created with this key (a repeated click), if any. */
export async function findDraftByIdempotencyKey(client: Db, tenantId: string, createdById: string, idempotencyKey: string): Promise<DraftRow | null> {
  return client.templateDraft.findUnique({ where: { tenantId_createdById_idempotencyKey: { tenantId, createdById, idempotencyKey } }, select: draftSelect });
}

export type NewDraft = { templateId: string; name: string; content: Prisma.InputJsonObject; createdById: string; idempotencyKey: string | null };

/**
 * Inserts the draft unless this person's key already made one (ON CONFLICT DO NOTHING, so two
 * concurrent repeats never fail on the unique key): null then, and the caller reads the winner.
 */
export async function insertDraft(tx: Prisma.TransactionClient, tenantId: string, draft: NewDraft): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    insert into template_draft (id, "tenantId", "templateId", name, content, "createdById", "idempotencyKey", "createdAt", "updatedAt")
    values (gen_random_uuid(), ${tenantId}::uuid, ${draft.templateId}::uuid, ${draft.name}, ${JSON.stringify(draft.content)}::jsonb, ${draft.createdById}, ${draft.idempotencyKey}::uuid, now() at time zone 'utc', now() at time zone 'utc')
    on conflict ("tenantId", "createdById", "idempotencyKey") do nothing
    returning id`;
  return rows[0]?.id ?? null;
}

/** The draft, locked until the transaction ends, so concurrent renames apply one after another. */
export async function lockDraft(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<DraftRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`select id from template_draft where id = ${id}::uuid and "tenantId" = ${tenantId}::uuid for update`;
  return locked.length === 0 ? null : findDraft(tx, tenantId, id);
}

export async function renameDraft(tx: Prisma.TransactionClient, id: string, name: string): Promise<DraftRow> {
  return tx.templateDraft.update({ where: { id }, data: { name }, select: draftSelect });
}
