import type { Prisma, PrismaClient } from "@/generated/prisma/client";

/*
 * The queue of workflow runs is the `queued` executions themselves: a worker claims the next ones
 * fairly across tenants straight from that table (fair-claim.ts), so a start writes one row and
 * nothing else, and no separate job can ever disagree with its execution.
 */

/** NOTIFY channel that wakes idle workers when runs are queued (delivered at commit). */
export const WORKFLOW_WAKE_CHANNEL = "workflow_run_enqueued";

type Tx = Prisma.TransactionClient | PrismaClient;

/** Tells idle workers, at commit, that runs were queued in this transaction. */
export async function announceQueuedRuns(tx: Tx, count: number): Promise<void> {
  if (count > 0) await tx.$executeRawUnsafe(`select pg_notify('${WORKFLOW_WAKE_CHANNEL}', '')`);
}
