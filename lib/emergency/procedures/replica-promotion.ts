import { z } from "zod";
import { recordDrill } from "@/lib/checklists";
import { db, type Database } from "@/lib/db/client";
import { measureLossBound } from "@/lib/db/failover-loss";
import { describeLossBound, type LossBound } from "@/lib/db/loss-bound";
import { assessPromotion, promoteReplica, type PromotionAssessment } from "@/lib/db/promotion";
import { ConflictError } from "@/lib/http/errors";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import { overrideBus } from "../override-bus";
import type { Procedure, ProcedureChange, ProcedurePreview } from "../procedure";

/** "Re-read the replicas": the promoted server is found by each instance's fence (no state in the message). */
const PROMOTION_ANNOUNCEMENT = "database-promotion";

const replicaPromotionInputSchema = z.object({
  /** A replica by name (replica1 …); by default the most caught-up one. */
  replica: z.string().regex(/^replica\d+$/).optional(),
});
export type ReplicaPromotionInput = z.infer<typeof replicaPromotionInputSchema>;

export type ReplicaPromotionDeps = {
  database(): Database;
  /** A reachable (fenced) primary's final WAL: how long the replica gets to replay it. */
  catchUpTimeoutMs: number;
};

const formatBytes = (bytes: number | null) => (bytes === null ? "unknown" : bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);
const formatSeconds = (seconds: number | null) => (seconds === null ? "unknown" : `${seconds.toFixed(1)} s`);

function blockersOf({ primary, candidates, chosen }: PromotionAssessment, input: ReplicaPromotionInput): string[] {
  const blockers: string[] = [];
  if (candidates.length === 0) blockers.push(input.replica ? `no replica named ${input.replica} is configured` : "no read replica is configured (DATABASE_REPLICA_URLS)");
  if (!chosen) {
    for (const candidate of candidates) {
      if (!candidate.reachable) blockers.push(`${candidate.name} (${candidate.host}) does not answer: ${candidate.error ?? "unreachable"}`);
      else if (!candidate.inRecovery) blockers.push(`${candidate.name} is not a standby (already promoted?)`);
      else if (!candidate.canPromote) blockers.push(`the database login may not run pg_promote() on ${candidate.name}`);
      else if (!candidate.isTracked) blockers.push(`${candidate.name} has no database_promotion table (migrations not applied): the new epoch could not be recorded`);
    }
  }
  // A primary that answers must be made read-only first; if this login can't, nothing shows it fenced.
  if (primary.reachable && !primary.canFence && !primary.isReadOnly) blockers.push(`the old primary ${primary.host} answers and cannot be shown fenced: this login may not ALTER SYSTEM default_transaction_read_only`);
  return blockers;
}

/** With the primary down: what the promotion may lose (the replica health check's last lag is stale by then). */
const lossBoundOf = (database: Database, { primary, chosen }: PromotionAssessment): LossBound | null => (chosen && !primary.reachable ? measureLossBound(database, chosen) : null);

function describe(assessment: PromotionAssessment, input: ReplicaPromotionInput, epoch: number, bound: LossBound | null): ProcedurePreview {
  const { primary, chosen } = assessment;
  const blockers = blockersOf(assessment, input);
  const warnings: string[] = [];
  const changes: ProcedureChange[] = [];
  if (chosen) {
    const lag = `${formatBytes(chosen.lagBytes)} / ${formatSeconds(chosen.lagSeconds)}`;
    const described = bound ? describeLossBound(bound) : null;
    const loss = described?.loss ?? lag;
    changes.push(
      { label: "primary (writes)", from: primary.host, to: `${chosen.host} (${chosen.name})` },
      { label: "old primary", from: primary.reachable ? "read-write" : "not answering", to: primary.reachable ? "read-only (ALTER SYSTEM) and refused by the write pools" : "refused by every write pool (fencing epoch); set read-only when seen again" },
      { label: "fencing epoch", from: String(epoch), to: String(epoch + 1) },
      { label: "read rotation", from: chosen.name, to: "primary only (no replica left)" },
      { label: "possible data loss", from: "—", to: primary.reachable ? `none expected: the replica replays the fenced primary's last WAL first (now ${lag} behind)` : loss },
    );
    if (!primary.reachable) warnings.push(`the old primary does not answer (${primary.error ?? "unreachable"}): acknowledged writes it had not streamed to ${chosen.name} are lost — ${loss}`, ...(described?.warnings ?? []));
    if (chosen.replayPaused) warnings.push(`replay is paused on ${chosen.name}; promotion ends recovery with what it has replayed`);
    for (const other of assessment.candidates.filter((candidate) => candidate !== chosen)) warnings.push(`${other.name} keeps following the old primary and must be rebuilt from the new one`);
  }
  warnings.push(
    "every running instance moves its writes, job queue, control-loop election and workflow wake-ups to the new primary within seconds (broadcast, or its replica health check); still to do by hand: rebuild the other replicas from the new primary, and set DATABASE_URL (and DATABASE_REPLICA_URLS) to the new servers before the next restart",
  );
  const summary = chosen ? `promote ${chosen.name} (${chosen.host}) to primary; fence ${primary.host}; ${primary.reachable ? `nothing expected lost (now ${formatBytes(chosen.lagBytes)} / ${formatSeconds(chosen.lagSeconds)} behind)` : `possible data loss: ${boundSummary(bound)}`}` : "no replica can be promoted";
  return { summary, changes, warnings, blockers, estimatedSeconds: chosen ? 5 : null };
}

const boundSummary = (bound: LossBound | null) =>
  bound?.confirmedAt ? `writes acknowledged after ${bound.confirmedAt} (the last ${bound.boundSeconds ?? "?"} s)` : `unknown, possibly every write since ${bound?.unknownSince ?? "this instance started"}`;

async function recordPromotionDrill(database: Database, email: string, succeeded: boolean, summary: string, details: Record<string, string | number | null>): Promise<void> {
  try {
    await database.primary.$transaction((tx) => recordDrill(tx, { kind: "promotion", succeeded, summary, recordedByEmail: email, details }));
  } catch (error) {
    logger.error("could not record the promotion drill", { succeeded, err: error });
  }
}

export function createReplicaPromotionProcedure(deps: ReplicaPromotionDeps): Procedure<ReplicaPromotionInput> {
  return {
    id: "replica-promotion",
    name: "Read-replica promotion",
    description: "Promotes the most caught-up read replica to primary when the primary fails (or on purpose), fencing the old primary.",
    runbook: [
      "Confirm the primary is down or must be replaced: readiness, replica lag, error rate.",
      "Choose the most caught-up replica and note its lag: that is the possible data loss.",
      "Fence the old primary so nothing writes to it again, even if it comes back.",
      "Promote the replica (pg_promote) and repoint writes and read routing on every instance.",
      "Point DATABASE_URL at the new primary, rebuild a replica from it, record the drill.",
    ],
    inputSchema: replicaPromotionInputSchema,
    requiresSecondApproval: true,
    requiresDataLossAcknowledgement: true,

    async preview(input) {
      const database = deps.database();
      const assessment = await assessPromotion(database, input.replica);
      return describe(assessment, input, database.promotion.fence.epoch, lossBoundOf(database, assessment));
    },

    async run(input, ctx) {
      const database = deps.database();
      const assessment = await assessPromotion(database, input.replica);
      const blockers = blockersOf(assessment, input);
      if (blockers.length > 0) throw new ConflictError(`the promotion cannot run: ${blockers.join("; ")}`);
      const lossBound = lossBoundOf(database, assessment);
      let step = 0;
      const total = assessment.primary.reachable ? 5 : 3;
      const result = await promoteReplica(database, assessment, {
        runId: ctx.runId,
        catchUpTimeoutMs: deps.catchUpTimeoutMs,
        onStep: (message) => ctx.progress({ done: ++step, total, message }),
      }).catch(async (error: unknown) => {
        await recordPromotionDrill(database, ctx.actor.email, false, `promotion failed: ${error instanceof Error ? error.message : String(error)}`, { runId: ctx.runId });
        throw error;
      });
      await overrideBus().announce(PROMOTION_ANNOUNCEMENT);
      // On the new primary (the pools point there now): "Failover scenarios tested" reads these.
      const window = lossBound ? `possible data loss: ${boundSummary(lossBound)}` : `data-loss window ${formatBytes(result.lagBytes)} / ${formatSeconds(result.lagSeconds)}`;
      await recordPromotionDrill(database, ctx.actor.email, true, `${result.promoted} promoted to primary (epoch ${result.epoch}); ${window}`, {
        ...result,
        runId: ctx.runId,
        lossConfirmedAt: lossBound?.confirmedAt ?? null,
        lossBoundSeconds: lossBound?.boundSeconds ?? null,
      });
      return {
        changes: [
          { label: "primary (writes)", from: result.formerHost, to: `${result.promotedHost} (${result.promoted})` },
          { label: "old primary", from: "primary", to: result.formerFencing === "read-only" ? "read-only and fenced (epoch)" : "fenced (epoch); set read-only when seen again" },
          { label: "fencing epoch", from: String(result.epoch - 1), to: String(result.epoch) },
          { label: "data-loss window", from: "—", to: lossBound ? describeLossBound(lossBound).loss : `${formatBytes(result.lagBytes)} / ${formatSeconds(result.lagSeconds)}` },
        ],
        details: { ...result, lossBound },
      };
    },

    async currentState() {
      const database = deps.database();
      const status = database.replication.current();
      const replicas = status.replicas.map((replica) => `${replica.name} ${replica.inRotation ? "in rotation" : "out of rotation"}, lag ${formatSeconds(replica.lagSeconds)}`);
      return `primary ${database.targets.primary.url ? new URL(database.targets.primary.url).host : "?"} (epoch ${database.promotion.fence.epoch})${replicas.length ? `; ${replicas.join("; ")}` : "; no replicas"}`;
    },
  };
}

export const replicaPromotionProcedure = createReplicaPromotionProcedure({ database: db, catchUpTimeoutMs: 30_000 });

// Another instance promoted a replica: look at the replicas now instead of at the next health check.
processSingleton("emergency-promotion-listener", () =>
  overrideBus().subscribe((kind) => {
    if (kind !== PROMOTION_ANNOUNCEMENT) return;
    void db()
      .promotion.fence.scanReplicas()
      .catch((error: unknown) => logger.warn("could not look for the promoted replica", { err: error }));
  }),
);
