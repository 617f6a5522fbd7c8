import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";
import { appWideRegistry } from "@/lib/cluster/instance";
import { rollUpAndPrune, writeSamples } from "./history/postgres-store";
import { computeSignals } from "./signals";
import { takeSnapshot, type MetricsSnapshot } from "./snapshot";

const ROLLUP_EVERY_MS = 5 * 60_000;

/**
 * Records every request (no sampling of requests: the registry counts them all) and, every
 * interval, turns the registry's counters into the signals the ops views chart, written to
 * Postgres in one statement. Runs on the control-loop instance only.
 */
export class MetricsSampler {
  private previous: MetricsSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastRollupMs = 0;

  constructor(
    private readonly primary: PrismaClient,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.previous = undefined;
  }

  async tick(now = new Date()): Promise<void> {
    try {
      const current = await takeSnapshot(await appWideRegistry(), now.getTime());
      if (this.previous) await writeSamples(this.primary, now, computeSignals(this.previous, current));
      this.previous = current;
      if (now.getTime() - this.lastRollupMs >= ROLLUP_EVERY_MS) {
        this.lastRollupMs = now.getTime();
        await rollUpAndPrune(this.primary, now);
      }
    } catch (error) {
      // A missed sample leaves a gap in the charts; it must never take the process down.
      logger.warn("metrics sample failed", { err: error });
    }
  }
}
