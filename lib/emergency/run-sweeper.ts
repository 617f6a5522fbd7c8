import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { replayJournal } from "@/lib/break-glass";
import { PeriodicTask } from "@/lib/periodic-task";
import { RUN_HEARTBEAT_MS, recordRunAudit } from "./run-executor";
import { findAbandonedRuns, transitionRun } from "./run-repo";

/** A running run silent this long lost its process (it beats every RUN_HEARTBEAT_MS). */
const ABANDONED_AFTER_MS = RUN_HEARTBEAT_MS * 12;
/** A run nobody approved in this time is dropped, so it does not block its procedure forever. */
export const APPROVAL_TIMEOUT_MS = 30 * 60_000;

/**
 * Fails runs whose instance died mid-run and runs nobody approved in time: either would hold
 * the procedure's one-run-at-a-time slot forever. Runs on the control-loop leader, which exists
 * only while the primary answers: it first replays what the break-glass journal holds (changes
 * made while the primary was unreachable, when no promotion replayed them), so nothing journaled
 * is left behind once the primary is back.
 */
export class RunSweeper {
  private readonly task: PeriodicTask;

  constructor(private readonly client: PrismaClient, intervalMs: number) {
    this.task = new PeriodicTask("procedure run sweep", intervalMs, () => this.sweep());
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
  }

  async sweep(now = new Date()): Promise<string[]> {
    await replayJournal(this.client);
    const abandoned = await findAbandonedRuns(this.client, new Date(now.getTime() - ABANDONED_AFTER_MS), new Date(now.getTime() - APPROVAL_TIMEOUT_MS));
    const failed: string[] = [];
    for (const run of abandoned) {
      const reason = run.status === "awaiting_approval" ? "no second sre/admin approved it within 30 minutes" : "its instance stopped while it was running; check what it changed before running it again";
      await this.client.$transaction(async (tx) => {
        const moved = await transitionRun(tx, run.id, [run.status], "failed", { error: reason, finishedAt: now });
        if (!moved) return;
        await recordRunAudit(tx, run, "procedure_run.abandon", { status: "failed", error: reason }, { userId: run.requestedByUserId, email: "system:run-sweeper" }, `run-sweep:${randomUUID()}`);
        failed.push(run.id);
      });
    }
    return failed;
  }
}
