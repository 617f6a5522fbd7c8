import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { CacheWarming, warmEach, type WarmProgress, type Warmer } from "@/lib/cache";
import { createJobQueue, type JobQueue } from "@/lib/queue";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Two app instances: each its own pg-boss (checking cron every second) and warming registry. */
type Instance = { boss: JobQueue; warming: CacheWarming };
let instances: Instance[];

beforeAll(async () => {
  instances = [];
  for (let index = 0; index < 2; index++) {
    const boss = createJobQueue(inject("databaseUrl"), {
      onError: () => {},
      overrides: { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 },
    });
    await boss.start();
    const warming = new CacheWarming();
    await warming.start(boss, { pollingIntervalSeconds: 0.5 });
    instances.push({ boss, warming });
    cleanups.push(async () => {
      await warming.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    });
  }
});

/** A warmer over three items, the second of which fails, counting its runs and progress reports. */
function testWarmer(cron: string) {
  const name = `test-${randomBytes(4).toString("hex")}`;
  const runs: number[] = [];
  const reports: { done: number; total: number; failed?: number }[] = [];
  const warmer: Warmer = {
    name,
    cron,
    run: async (report) => {
      runs.push(Date.now());
      await warmEach(
        ["a", "b", "c"],
        async (item) => {
          if (item === "b") throw new Error("template b is gone");
        },
        (progress) => {
          reports.push(progress);
          report(progress);
        },
        1,
      );
    },
  };
  return { warmer, runs, reports };
}

/** A cron expression firing once an hour, at the current UTC minute (waits if the minute is nearly over). */
async function cronForThisMinute(): Promise<string> {
  if (new Date().getUTCSeconds() >= 45) await new Promise((resolve) => setTimeout(resolve, (61 - new Date().getUTCSeconds()) * 1_000));
  return `${new Date().getUTCMinutes()} * * * *`;
}

async function jobStates(queueName: string): Promise<{ state: string; output: unknown }[]> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    const { rows } = await client.query<{ state: string; output: unknown }>("select state, output from pgboss.job where name = $1", [queueName]);
    return rows;
  } finally {
    await client.end();
  }
}

describe("cache warming on the job queue", () => {
  test("a scheduled run is executed by exactly one of two instances and records its counts", async () => {
    const { warmer, runs, reports } = testWarmer(await cronForThisMinute());
    for (const { warming } of instances) await warming.register(warmer);

    await expect.poll(() => runs.length, { timeout: 20_000, interval: 200 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(runs).toHaveLength(1);
    expect(reports.at(-1)).toEqual({ done: 3, total: 3, failed: 1 });
    await expect.poll(() => jobStates(`cache.warm.${warmer.name}`), { timeout: 5_000 }).toEqual([
      { state: "completed", output: expect.objectContaining({ warmer: warmer.name, warmed: 2, failed: 1, total: 3 }) },
    ]);
    await instances[0]!.boss.unschedule(`cache.warm.${warmer.name}`);
  });

  test("warmNow runs the warmer once, here, streaming progress and returning the counts", async () => {
    const { warmer, runs } = testWarmer("0 0 1 1 *"); // scheduled yearly: only warmNow runs it here
    for (const { warming } of instances) await warming.register(warmer);
    const progress: WarmProgress[] = [];

    const [result, joined] = await Promise.all([
      instances[0]!.warming.warmNow(warmer.name, (update) => progress.push(update)),
      instances[0]!.warming.warmNow(warmer.name),
    ]);

    expect(runs).toHaveLength(1);
    expect(joined).toEqual(result);
    expect(result).toEqual([{ warmer: warmer.name, warmed: 2, failed: 1, total: 3, durationMs: expect.any(Number) }]);
    expect(progress.map(({ done, failed }) => [done, failed])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 1],
    ]);
    await instances[0]!.boss.unschedule(`cache.warm.${warmer.name}`);
  });

  test("warmNow reports a warmer that throws, without throwing itself", async () => {
    const warmer: Warmer = {
      name: `test-${randomBytes(4).toString("hex")}`,
      cron: "0 0 1 1 *",
      run: async (report) => {
        report({ done: 1, total: 5 });
        throw new Error("replica unavailable");
      },
    };
    await instances[0]!.warming.register(warmer);
    expect(await instances[0]!.warming.warmNow(warmer.name)).toEqual([
      { warmer: warmer.name, warmed: 1, failed: 0, total: 5, durationMs: expect.any(Number), error: "replica unavailable" },
    ]);
    await instances[0]!.boss.unschedule(`cache.warm.${warmer.name}`);
  });

  test("warmNow refuses an unknown warmer", async () => {
    await expect(instances[0]!.warming.warmNow("no-such-warmer")).rejects.toThrow(/no cache warmer named no-such-warmer/);
  });
});
