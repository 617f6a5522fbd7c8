import type { PrismaClient } from "@/generated/prisma/client";
import { TooManyRequestsError } from "@/lib/http/errors";

/** How often one person may run an expensive ops action (each run is an audit entry). */
export type ActionRate = { action: string; max: number; windowSeconds: number; describe: string };

/**
 * Per-user limits for ops actions that cost the whole platform something (a retry-all refills
 * the queue, an invalidation sends every reader to the database, warm-now runs every warmer).
 * The audit log is the counter: every such action writes an entry before or as it acts, so the
 * count is shared by every instance and survives restarts, with no store of its own. Two
 * requests at the very same moment may both pass; a throttle for people, not a lock.
 */
export async function assertActionRate(primary: PrismaClient, actorUserId: string, rate: ActionRate, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - rate.windowSeconds * 1000);
  const recent = await primary.auditEntry.findMany({
    where: { actorUserId, action: rate.action, at: { gt: since } },
    orderBy: { at: "asc" },
    select: { at: true },
    take: rate.max,
  });
  if (recent.length < rate.max) return;
  const oldest = recent[0]!.at.getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest + rate.windowSeconds * 1000 - now.getTime()) / 1000));
  throw new TooManyRequestsError(`${rate.describe} at most ${rate.max} time${rate.max === 1 ? "" : "s"} per ${rate.windowSeconds} s; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}
