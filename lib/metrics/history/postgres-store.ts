import type { PrismaClient } from "@/generated/prisma/client";
import type { SignalValue } from "@/lib/metrics/signals";
import type { HistoryQuery, HistorySource, SeriesPoints } from "./types";

export const RAW_RETENTION_HOURS = 24;
export const ROLLUP_RETENTION_DAYS = 7;
const ROLLUP_MINUTES = 5;

/** One sampling tick: every signal value in one statement. */
export async function writeSamples(client: PrismaClient, at: Date, values: SignalValue[]): Promise<void> {
  if (values.length === 0) return;
  await client.$executeRaw`
    insert into metric_sample (series, t, value)
    select s, ${at}::timestamptz, v from unnest(${values.map((value) => value.series)}::text[], ${values.map((value) => value.value)}::float8[]) as x(s, v)
    on conflict (series, t) do update set value = excluded.value`;
}

/**
 * Folds recent samples into five-minute rollups and drops what is past retention, so the
 * tables stay bounded: ~24 h × 4 samples/min of raw data and 7 days of rollups per series.
 */
export async function rollUpAndPrune(client: PrismaClient, now: Date): Promise<{ rolledUp: number; prunedSamples: number; prunedRollups: number }> {
  const rolledUp = await client.$executeRaw`
    insert into metric_rollup (series, bucket, avg, min, max, count)
    select series, date_bin(${`${ROLLUP_MINUTES} minutes`}::interval, t, timestamptz 'epoch') as bucket, avg(value), min(value), max(value), count(*)::int
    from metric_sample
    where t >= ${now}::timestamptz - interval '1 hour'
    group by series, bucket
    on conflict (series, bucket) do update set avg = excluded.avg, min = excluded.min, max = excluded.max, count = excluded.count`;
  const prunedSamples = await client.$executeRaw`delete from metric_sample where t < ${now}::timestamptz - ${`${RAW_RETENTION_HOURS} hours`}::interval`;
  const prunedRollups = await client.$executeRaw`delete from metric_rollup where bucket < ${now}::timestamptz - ${`${ROLLUP_RETENTION_DAYS} days`}::interval`;
  return { rolledUp, prunedSamples, prunedRollups };
}

type Row = { series: string; bucket: Date; value: number };

/** History from our own tables: raw samples within 24 h, rollups beyond, averaged per step. */
export function postgresHistory(read: <T>(query: (client: PrismaClient) => Promise<T>) => Promise<T>): HistorySource {
  return {
    name: "embedded",
    async range({ signals, fromMs, toMs, stepSeconds }: HistoryQuery): Promise<SeriesPoints[]> {
      const from = new Date(fromMs);
      const to = new Date(toMs);
      const step = `${Math.max(1, Math.round(stepSeconds))} seconds`;
      const prefixes = signals.map((signal) => `${signal}:%`);
      const useRaw = toMs - fromMs <= RAW_RETENTION_HOURS * 3_600_000 && Date.now() - fromMs <= RAW_RETENTION_HOURS * 3_600_000;
      const rows = await read((client) =>
        useRaw
          ? client.$queryRaw<Row[]>`
              select series, date_bin(${step}::interval, t, timestamptz 'epoch') as bucket, avg(value) as value
              from metric_sample
              where (series = any(${signals}::text[]) or series like any(${prefixes}::text[])) and t >= ${from} and t <= ${to}
              group by series, bucket order by series, bucket`
          : client.$queryRaw<Row[]>`
              select series, date_bin(${step}::interval, bucket, timestamptz 'epoch') as bucket, sum(avg * count) / sum(count) as value
              from metric_rollup
              where (series = any(${signals}::text[]) or series like any(${prefixes}::text[])) and bucket >= ${from} and bucket <= ${to}
              group by series, 2 order by series, 2`,
      );
      const bySeries = new Map<string, [number, number][]>();
      for (const row of rows) {
        const points = bySeries.get(row.series) ?? [];
        points.push([row.bucket.getTime(), Number(row.value)]);
        bySeries.set(row.series, points);
      }
      return [...bySeries].map(([series, points]) => ({ series, points }));
    },
  };
}
