import type { DbAccess } from "@/lib/db/access";
import { decodeCursor, toPage } from "@/lib/db/cursor";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { z } from "zod";
import { csvHeader, csvLine } from "./csv";
import { findTenantNames, listAuditEntriesAcrossTenants, listAuditEntriesOfTenant, type AuditEntryRow, type AuditFilter } from "./repo";
import { AUDIT_EXPORT_MAX_ROWS, type AuditFilterInput, type AuditListQuery, type AuditPage, type TenantAuditListQuery, type AuditEntryOutput, type ChainVerificationOutput, type AuditHeadOutput } from "./schemas";
import { auditVerifier } from "./verifier";

type ReadCtx = { db: DbAccess };

const EXPORT_BATCH_SIZE = 1_000;
const seqCursorSchema = z.tuple([z.string().regex(/^\d{1,19}$/)]);

function toFilter(input: AuditFilterInput): AuditFilter {
  return {
    actorEmail: input.actor,
    actionPrefix: input.action,
    targetPrefix: input.target,
    tenantId: input.tenant,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
  };
}

type LabelledRow = AuditEntryRow & { tenantName: string | null };

function toOutput(row: LabelledRow): AuditEntryOutput {
  return { ...row, seq: Number(row.seq), at: row.at.toISOString(), before: row.before ?? null, after: row.after ?? null };
}

/** Each row with its tenant's name (one query for the page's distinct tenants). */
async function labelTenants(ctx: ReadCtx, rows: AuditEntryRow[]): Promise<LabelledRow[]> {
  const ids = [...new Set(rows.flatMap((row) => (row.tenantId ? [row.tenantId] : [])))];
  const names = await ctx.db.read((client) => findTenantNames(client, ids));
  return rows.map((row) => ({ ...row, tenantName: row.tenantId ? (names.get(row.tenantId) ?? "deleted tenant") : null }));
}

const beforeSeqOf = (cursor: string | undefined) => (cursor ? BigInt(decodeCursor(cursor, seqCursorSchema)[0]) : undefined);

/**
 * A page of every tenant's and the platform's entries matching the filters, newest first (the
 * platform's view; each entry names its tenant). The cursor is the last entry's seq.
 */
export async function listAuditEntries(ctx: ReadCtx, query: AuditListQuery): Promise<AuditPage> {
  const rows = await ctx.db.read((client) => listAuditEntriesAcrossTenants(client, toFilter(query), beforeSeqOf(query.cursor), query.limit + 1));
  return toPage(await labelTenants(ctx, rows), query.limit, toOutput, (row) => [String(row.seq)]);
}

/** The tenant admin's view: only the session's tenant's entries, whatever the query says. */
export async function listTenantAuditEntries(ctx: ReadCtx & { tenantId: string }, query: TenantAuditListQuery): Promise<AuditPage> {
  const { tenantId: _ignored, ...filter } = toFilter(query);
  const rows = await ctx.db.read((client) => listAuditEntriesOfTenant(client, ctx.tenantId, filter, beforeSeqOf(query.cursor), query.limit + 1));
  return toPage(await labelTenants(ctx, rows), query.limit, toOutput, (row) => [String(row.seq)]);
}

/**
 * Walks the chain and holds it to the signed checkpoints, on the primary (a replica may be
 * behind, and the answer should be about now). One walk per process at a time, its result
 * reused for 30 s; a walk that passes signs the head and records it as a checkpoint.
 */
export async function verifyChain(ctx: ReadCtx, verifier = auditVerifier()): Promise<ChainVerificationOutput> {
  return (await verifier.verify(ctx.db.primary)).verification;
}

/** The head of a log that verifies, signed with AUDIT_HEAD_KEY, for keeping outside the database. */
export async function getSignedAuditHead(ctx: ReadCtx, verifier = auditVerifier()): Promise<AuditHeadOutput> {
  if (!verifier.canSign) throw new NotFoundError("there is no signed audit head: AUDIT_HEAD_KEY is not set");
  const { verification, signedHead } = await verifier.verify(ctx.db.primary);
  if (!signedHead) throw new ConflictError(`the audit log does not verify, so its head is not signed: ${verification.summary[0] ?? "unknown"}`);
  return signedHead;
}

const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));

/**
 * The matching entries as CSV, newest first, fetched a batch at a time as the client reads (one
 * batch in memory), and at most AUDIT_EXPORT_MAX_ROWS rows; a last comment line says when the
 * export stopped at that bound.
 */
export function exportAuditCsv(ctx: ReadCtx, input: AuditFilterInput): ReadableStream<Uint8Array> {
  const filter = toFilter(input);
  const encoder = new TextEncoder();
  let beforeSeq: bigint | undefined;
  let written = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvHeader()));
      }
      const take = Math.min(EXPORT_BATCH_SIZE, AUDIT_EXPORT_MAX_ROWS - written);
      const rows = take > 0 ? await ctx.db.read((client) => listAuditEntriesAcrossTenants(client, filter, beforeSeq, take)) : [];
      const text = rows
        .map((row) =>
          csvLine({
            seq: String(row.seq),
            at: row.at.toISOString(),
            actor_email: row.actorEmail,
            actor_user_id: row.actorUserId,
            tenant_id: row.tenantId ?? "",
            action: row.action,
            target: row.target,
            request_id: row.requestId,
            before: json(row.before),
            after: json(row.after),
            prev_hash: row.prevHash,
            hash: row.hash,
          }),
        )
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      written += rows.length;
      beforeSeq = rows.at(-1)?.seq ?? beforeSeq;
      if (rows.length < take) {
        controller.close();
      } else if (written >= AUDIT_EXPORT_MAX_ROWS) {
        controller.enqueue(encoder.encode(`# stopped at ${AUDIT_EXPORT_MAX_ROWS} rows; narrow the filters (time range) to export the rest\r\n`));
        controller.close();
      }
    },
  });
}
