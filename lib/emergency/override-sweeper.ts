import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { logger } from "@/lib/logging/logger";
import { PeriodicTask } from "@/lib/periodic-task";
import { claimDueReminders, findLapsedOverrideIds } from "./override-repo";
import { announceOverrideChange, endOverride, overrideExpiredHandlers, toOverride, type Override } from "./overrides";

const MAX_PER_SWEEP = 50;

export type OverrideSweeperOptions = {
  intervalMs: number;
  /** How long before expiry the owner is reminded. */
  reminderMinutes: number;
};

/**
 * Ends lapsed overrides (running their kind's expiry handlers) and records a reminder for each
 * override about to lapse. Runs on the control-loop leader; every step is safe to repeat.
 */
export class OverrideSweeper {
  private readonly task: PeriodicTask;

  constructor(private readonly client: PrismaClient, private readonly options: OverrideSweeperOptions) {
    this.task = new PeriodicTask("override sweep", options.intervalMs, () => this.sweep());
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    this.task.stop();
  }

  async sweep(now = new Date()): Promise<{ ended: Override[]; reminded: Override[] }> {
    const ended: Override[] = [];
    for (const id of await findLapsedOverrideIds(this.client, now, MAX_PER_SWEEP)) {
      const override = await this.expire(id).catch((error: unknown) => {
        logger.warn("could not end a lapsed override; retrying at the next sweep", { overrideId: id, err: error });
        return null;
      });
      if (override) ended.push(override);
    }
    for (const kind of new Set(ended.map((override) => override.kind))) await announceOverrideChange(kind);
    return { ended, reminded: await this.remind(now) };
  }

  private async expire(id: string): Promise<Override | null> {
    const requestId = `override-expiry:${randomUUID()}`;
    return this.client.$transaction(
      async (tx) => {
        const ended = await endOverride(tx, id, { by: "expiry", reason: "reached its expiry time", requestId });
        // Inside the transaction: a failing handler rolls the end back and the next sweep retries.
        if (ended) for (const handler of overrideExpiredHandlers(ended.kind)) await handler(ended);
        return ended;
      },
      { timeout: 60_000 },
    );
  }

  private async remind(now: Date): Promise<Override[]> {
    const dueBefore = new Date(now.getTime() + this.options.reminderMinutes * 60_000);
    return this.client.$transaction(async (tx) => {
      const due = (await claimDueReminders(tx, now, dueBefore, MAX_PER_SWEEP)).map(toOverride);
      for (const override of due) {
        await recordAudit(tx, {
          actorUserId: override.owner.userId,
          actorEmail: "system:override-reminder",
          tenantId: null,
          action: "override.reminder",
          target: `override:${override.id}`,
          before: null,
          after: { owner: override.owner.email, kind: override.kind, scope: override.scope, expiresAt: override.expiresAt.toISOString() },
          requestId: `override-reminder:${override.id}`,
        });
        logger.warn("an emergency override lapses soon", { overrideId: override.id, kind: override.kind, scope: override.scope, owner: override.owner.email, expiresAt: override.expiresAt });
      }
      return due;
    });
  }
}
