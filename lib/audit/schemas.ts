import { z } from "@hono/zod-openapi";

// The audit API. Pure zod: the audit page imports the types.

export const AUDIT_PAGE_SIZES = { default: 50, max: 200 } as const;
/** The export's bound: a bigger range has to be narrowed by its filters. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

const filterFields = {
  actor: z.email().max(254).optional().openapi({ description: "Exact actor email" }),
  action: optionalText(100).openapi({ description: "Action prefix, e.g. `checklist.` or `authz.denied`" }),
  target: optionalText(200).openapi({ description: "Target prefix, e.g. `checklist_run:`" }),
  tenant: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
const isTimeRangeInOrder = (filter: { from?: string; to?: string }) => !filter.from || !filter.to || Date.parse(filter.from) <= Date.parse(filter.to);
const timeRangeError = { path: ["to"], message: "must not be before from" };

export const auditFilterSchema = z.object(filterFields).refine(isTimeRangeInOrder, timeRangeError);
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/** The tenant admin's view: the same filters, except the tenant, which is always the session's. */
export const tenantAuditListQuerySchema = z
  .object({
    actor: filterFields.actor,
    action: filterFields.action,
    target: filterFields.target,
    from: filterFields.from,
    to: filterFields.to,
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZES.max).default(AUDIT_PAGE_SIZES.default),
  })
  .refine(isTimeRangeInOrder, timeRangeError);
export type TenantAuditListQuery = z.infer<typeof tenantAuditListQuerySchema>;

export const auditListQuerySchema = z
  .object({
    ...filterFields,
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZES.max).default(AUDIT_PAGE_SIZES.default),
  })
  .refine(isTimeRangeInOrder, timeRangeError);
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

export const auditEntrySchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    at: z.iso.datetime(),
    actorUserId: z.string(),
    actorEmail: z.string(),
    tenantId: z.string().nullable(),
    /** The tenant's name, so an operator always sees whose data an entry is; null for platform entries. */
    tenantName: z.string().nullable(),
    action: z.string(),
    target: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    requestId: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEntry");
export type AuditEntryOutput = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }).openapi("AuditPage");
export type AuditPage = z.infer<typeof auditPageSchema>;

export const chainVerificationSchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    broken: z.object({ seq: z.number().int(), check: z.enum(["sequence", "link", "hash"]), expected: z.string(), stored: z.string() }).nullable(),
    unprotected: z.array(z.string()),
    checkpoints: z.object({
      checked: z.number().int(),
      signaturesChecked: z.boolean().openapi({ description: "False without AUDIT_HEAD_KEY: hashes are compared, signatures are not checked" }),
      latest: z.object({ seq: z.number().int(), hash: z.string(), at: z.iso.datetime() }).nullable(),
      failed: z
        .object({ seq: z.number().int(), check: z.enum(["signature", "hash", "missing", "deleted"]), expected: z.string(), stored: z.string().nullable() })
        .nullable()
        .openapi({ description: "The first signed checkpoint the chain no longer matches" }),
    }),
    summary: z.array(z.string()),
    checkedAt: z.iso.datetime(),
    durationMs: z.number(),
  })
  .openapi("AuditChainVerification");
export type ChainVerificationOutput = z.infer<typeof chainVerificationSchema>;

export const auditHeadSchema = z
  .object({
    seq: z.number().int().openapi({ description: "The last entry's seq; 0 for an empty log" }),
    hash: z.string().openapi({ description: "The last entry's hash; 64 zeros for an empty log" }),
    signature: z.string().openapi({ description: "HMAC-SHA256 of `message` with AUDIT_HEAD_KEY, hex" }),
    algorithm: z.literal("HMAC-SHA256"),
    message: z.string().openapi({ description: "What is signed: `agency-audit-head:v1:<seq>:<hash>`" }),
    verifiedAt: z.iso.datetime().openapi({ description: "When the chain walk that vouches for this head started" }),
  })
  .openapi("AuditHead");
export type AuditHeadOutput = z.infer<typeof auditHeadSchema>;
