import type PgBoss from "pg-boss";
import { NotFoundError } from "@/lib/http/errors";
import { ensureQueue, type JobQueue } from "@/lib/queue";

export type WarmProgress = { warmer: string; done: number; total: number; failed: number };
/** A warmer calls this as it goes; `failed` counts items among `done` that could not be warmed. */
export type ReportProgress = (progress: { done: number; total: number; failed?: number }) => void;
export type Warmer = { name: string; cron: string; run(report: ReportProgress): Promise<void> };
export type WarmRun = { warmer: string; warmed: number; failed: number; total: number; durationMs: number; error?: string };

/** The guide's warmers; the domains that own those tables register them with these names and schedules. */
export const POPULAR_TEMPLATES_WARMER = { name: "popular-templates", cron: "*/30 * * * *", minPopularity: 8.0, limit: 50 } as const;
export const DASHBOARD_STATS_WARMER = { name: "dashboard-stats", cron: "*/10 * * * *", activeWithinHours: 24 } as const;

/** Job names are `domain.verb`; one queue per warmer because pg-boss keeps one schedule per queue. */
const jobName = (warmer: Pick<Warmer, "name">) => `cache.warm.${warmer.name}`;
/** "singleton": a run that outlasts its interval is never joined by a second one on another instance. */
const WARM_QUEUE_OPTIONS: Omit<PgBoss.Queue, "name"> = { policy: "singleton", retryLimit: 0, expireInSeconds: 15 * 60 };

type ActiveRun = { result: Promise<WarmRun>; listeners: Set<(progress: WarmProgress) => void> };

/**
 * Cache warmers on the job queue's scheduler: every instance schedules and works each warmer's
 * queue, and pg-boss hands each cron tick's job to exactly one of them. `warmNow` runs warmers at
 * once in this process, for an operator, with progress; a run already going here is joined.
 */
export class CacheWarming {
  private readonly warmers = new Map<string, Warmer>();
  private readonly active = new Map<string, ActiveRun>();
  private boss: JobQueue | null = null;
  /** Warmers whose queue this instance works (pg-boss would happily start a second worker). */
  private readonly working = new Set<string>();
  private pollingIntervalSeconds = 2;

  async register(warmer: Warmer): Promise<void> {
    if (!/^[a-z0-9-]+$/.test(warmer.name)) throw new RangeError(`warmer names are kebab-case: ${warmer.name}`);
    this.warmers.set(warmer.name, warmer);
    if (this.boss) await this.schedule(this.boss, warmer);
  }

  /** Schedules and works every registered warmer (and those registered later) on `boss`. */
  async start(boss: JobQueue, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
    this.boss = boss;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? this.pollingIntervalSeconds;
    for (const warmer of this.warmers.values()) await this.schedule(boss, warmer);
  }

  /** Stops working the warmer queues here; the schedules stay for the other instances. */
  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) for (const name of this.working) await boss.offWork(jobName({ name }));
    this.working.clear();
  }

  async warmNow(name?: string, onProgress?: (progress: WarmProgress) => void): Promise<WarmRun[]> {
    const selected = name === undefined ? [...this.warmers.values()] : [this.warmers.get(name)];
    const runs: WarmRun[] = [];
    for (const warmer of selected) {
      if (!warmer) throw new NotFoundError(`no cache warmer named ${name}`);
      runs.push(await this.run(warmer, onProgress));
    }
    return runs;
  }

  private async schedule(boss: JobQueue, warmer: Warmer): Promise<void> {
    if (this.working.has(warmer.name)) return;
    this.working.add(warmer.name);
    const queueName = jobName(warmer);
    try {
      await ensureQueue(boss, queueName, WARM_QUEUE_OPTIONS);
      await boss.schedule(queueName, warmer.cron, {}, { tz: "UTC" });
      await boss.work(queueName, { batchSize: 1, pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
        for (const job of jobs) {
          const run = await this.run(warmer);
          // Settle each job ourselves (see STACK.md §8): the outcome is kept as the job's output.
          if (run.error) await boss.fail(queueName, job.id, run);
          else await boss.complete(queueName, job.id, run);
        }
      });
    } catch (error) {
      this.working.delete(warmer.name);
      throw error;
    }
  }

  private run(warmer: Warmer, onProgress?: (progress: WarmProgress) => void): Promise<WarmRun> {
    const existing = this.active.get(warmer.name);
    if (existing) {
      if (onProgress) existing.listeners.add(onProgress);
      return existing.result;
    }
    const listeners = new Set(onProgress ? [onProgress] : []);
    const result = execute(warmer, (progress) => listeners.forEach((listener) => listener(progress))).finally(() =>
      this.active.delete(warmer.name),
    );
    this.active.set(warmer.name, { result, listeners });
    return result;
  }
}

async function execute(warmer: Warmer, notify: (progress: WarmProgress) => void): Promise<WarmRun> {
  const startedAt = performance.now();
  let latest: WarmProgress = { warmer: warmer.name, done: 0, total: 0, failed: 0 };
  let error: string | undefined;
  try {
    await warmer.run(({ done, total, failed = 0 }) => {
      latest = { warmer: warmer.name, done, total, failed };
      notify(latest);
    });
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  }
  const durationMs = Math.round(performance.now() - startedAt);
  return { warmer: warmer.name, warmed: latest.done - latest.failed, failed: latest.failed, total: latest.total, durationMs, ...(error ? { error } : {}) };
}

/**
 * Warms `items` a few at a time (the database is what we protect), reporting progress after each;
 * one item failing is counted, not fatal.
 */
export async function warmEach<T>(items: readonly T[], warmOne: (item: T) => Promise<unknown>, report: ReportProgress, concurrency = 4): Promise<void> {
  let next = 0;
  let done = 0;
  let failed = 0;
  report({ done, total: items.length, failed });
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await warmOne(item);
      } catch {
        failed += 1;
      }
      done += 1;
      report({ done, total: items.length, failed });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
