import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { AuditBatchWriter } from "./batch-writer";
import { recordAuditBatch } from "./repo";

export type RefusedAccess = {
  viewer: Viewer | undefined;
  requestId: string;
  /** `METHOD /api/v1/...` for the API, `page /ops/...` for pages. */
  target: string;
  reason: string;
  code: string;
  /**
   * The scope of what was refused. A refusal in the control plane belongs to no tenant: it must
   * not appear in the audit view of the tenant the person happened to be working in.
   */
  scope: "tenant" | "platform" | "account";
};

/** Refusals come in floods (a script probing ops routes); bounded so the flood cannot grow memory. */
const MAX_BATCH = 200;
const MAX_PENDING = 5_000;

function refusalWriter(): AuditBatchWriter {
  return processSingleton(
    "audit-refusal-writer",
    () =>
      new AuditBatchWriter({
        write: (entries) => recordAuditBatch(db().primary, entries),
        onError: (error, entries) => logger.error("could not record refused authorizations", { entries, err: error }),
        maxBatch: MAX_BATCH,
        maxPending: MAX_PENDING,
        droppedEntry: (count) => ({
          actorUserId: "system",
          actorEmail: "system",
          tenantId: null,
          action: "authz.denied_unrecorded",
          target: "audit:refusals",
          before: null,
          after: { count, reason: `more than ${MAX_PENDING} refusals were waiting to be written` },
          requestId: "audit-batch-writer",
        }),
      }),
  );
}

/**
 * Records a refused authorization (a 403): who tried what, and why it was refused. Outside any
 * transaction of the request, batched with other refusals (one statement per batch, one at a
 * time), and resolved once written. A failure to record is logged, not raised: the caller answers
 * 403 either way, and a database outage must not turn refusals into 500s.
 */
export function recordRefusedAccess(refusal: RefusedAccess): Promise<void> {
  const { viewer } = refusal;
  return refusalWriter().record({
    actorUserId: viewer?.user.id ?? "anonymous",
    actorEmail: viewer?.user.email ?? "anonymous",
    tenantId: refusal.scope === "tenant" ? (viewer?.active?.tenantId ?? null) : null,
    action: "authz.denied",
    target: refusal.target.slice(0, 300),
    before: null,
    after: { reason: refusal.reason.slice(0, 500), code: refusal.code, role: viewer?.active?.role ?? null, platformRole: viewer?.platformRole ?? null },
    requestId: refusal.requestId,
  });
}
