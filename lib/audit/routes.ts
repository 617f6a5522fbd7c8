import type { OpenAPIHono } from "@hono/zod-openapi";
import { dbAccessFor } from "@/lib/db/access";
import type { ApiEnv } from "@/lib/http/context";
import { defineRoute } from "@/lib/http/define-route";
import { defineDownloadRoute } from "@/lib/http/define-download-route";
import { auditFilterSchema, auditHeadSchema, auditListQuerySchema, auditPageSchema, chainVerificationSchema } from "./schemas";
import { exportAuditCsv, getSignedAuditHead, listAuditEntries, verifyChain } from "./service";

const listRoute = defineRoute({
  method: "get",
  path: "/v1/ops/audit",
  summary: "Audit entries, newest first, filtered by actor, action prefix, target prefix, tenant and time",
  tags: ["ops", "audit"],
  access: { scope: "platform", roles: ["manager"] },
  tier: "core",
  request: { query: auditListQuerySchema },
  response: { status: 200, schema: auditPageSchema, description: "A page of entries and the cursor of the next" },
  handler: ({ ctx, query }) => listAuditEntries(ctx, query),
});

const verifyRoute = defineRoute({
  method: "get",
  path: "/v1/ops/audit/verify",
  summary: "Walk the hash chain, hold it to the signed checkpoints, and report the first break, or ok with the entry count (one walk per instance per 30 s)",
  tags: ["ops", "audit"],
  access: { scope: "platform", roles: ["manager"] },
  tier: "core",
  response: { status: 200, schema: chainVerificationSchema, description: "The verification result" },
  handler: ({ ctx }) => verifyChain(ctx),
});

const headRoute = defineRoute({
  method: "get",
  path: "/v1/ops/audit/head",
  summary: "The head of the verified chain (seq and hash), signed with HMAC-SHA256 and AUDIT_HEAD_KEY; keep it outside the database to check the log later",
  tags: ["ops", "audit"],
  access: { scope: "platform", roles: ["manager"] },
  tier: "core",
  response: { status: 200, schema: auditHeadSchema, description: "The signed head (409 when the log does not verify, 404 without AUDIT_HEAD_KEY)" },
  handler: ({ ctx }) => getSignedAuditHead(ctx),
});

/** CSV rather than JSON: same access check, same filters as the list. */
const exportRoute = defineDownloadRoute({
  path: "/v1/ops/audit/export.csv",
  summary: "The matching audit entries as CSV (newest first, at most 100 000 rows), streamed",
  tags: ["ops", "audit"],
  access: { scope: "platform", roles: ["manager"] },
  query: auditFilterSchema,
  mediaType: "text/csv",
  description: "The entries",
  download: (query, cookie) => ({
    body: exportAuditCsv({ db: dbAccessFor(cookie) }, query),
    contentType: "text/csv; charset=utf-8",
    filename: `audit-${new Date().toISOString().slice(0, 10)}.csv`,
  }),
});

export function registerAuditRoutes(app: OpenAPIHono<ApiEnv>): void {
  for (const register of [listRoute, verifyRoute, headRoute, exportRoute]) register(app);
}
