import type { DrillKind, Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import type { DbAccess } from "@/lib/db/access";
import { insertDrill, insertLoadTest, type DrillRow } from "./repo";
import type { DrillInput, DrillOutput, LoadTestInput, LoadTestOutput } from "./schemas";
import { toDrillOutput, toLoadTestOutput } from "./views";

type WriteCtx = { db: DbAccess; requestId: string; viewer: { user: { id: string; email: string } } };

export type RecordDrillInput = {
  kind: DrillKind;
  succeeded: boolean;
  summary: string;
  recordedByEmail: string;
  /** What the drill measured, e.g. `{ replica: "replica1", lagSecondsAtPromotion: 0.4 }`. */
  details?: Prisma.InputJsonValue;
  at?: Date;
};

/**
 * Records a failover drill inside the caller's transaction (the promotion procedure calls this
 * when a promotion runs). "Failover scenarios tested" reads these rows.
 */
export async function recordDrill(tx: Prisma.TransactionClient, input: RecordDrillInput): Promise<DrillRow> {
  return insertDrill(tx, input);
}

/** A drill an sre ran by hand (e.g. stopped a replica and watched reads fail over), audited. */
export async function createDrill(ctx: WriteCtx, input: DrillInput): Promise<DrillOutput> {
  const drill = await ctx.db.primary.$transaction(async (tx) => {
    const row = await recordDrill(tx, { ...input, recordedByEmail: ctx.viewer.user.email });
    await recordAudit(tx, { actorUserId: ctx.viewer.user.id, actorEmail: ctx.viewer.user.email, tenantId: null, action: "drill.record", target: `drill:${row.id}`, before: null, after: input, requestId: ctx.requestId });
    return row;
  });
  return toDrillOutput(drill);
}

/** A load test someone ran, for "Performance benchmarks re-run and validated", audited. */
export async function createLoadTest(ctx: WriteCtx, input: LoadTestInput): Promise<LoadTestOutput> {
  const result = await ctx.db.primary.$transaction(async (tx) => {
    const row = await insertLoadTest(tx, { ...input, notes: input.notes ?? null, recordedByEmail: ctx.viewer.user.email });
    await recordAudit(tx, { actorUserId: ctx.viewer.user.id, actorEmail: ctx.viewer.user.email, tenantId: null, action: "load_test.record", target: `load_test:${row.id}`, before: null, after: input, requestId: ctx.requestId });
    return row;
  });
  return toLoadTestOutput(result);
}
