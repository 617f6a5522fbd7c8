import { db } from "@/lib/db/client";
import { poolFigures } from "@/lib/db/metrics";
import { describeSynchronousMode } from "@/lib/db/synchronous-mode";
import { env } from "@/lib/env";
import { postgresHistory } from "@/lib/metrics/history/postgres-store";
import { prometheusHistory } from "@/lib/metrics/history/prometheus";
import type { HistorySource, SeriesPoints } from "@/lib/metrics/history/types";
import { SIGNALS, signalOf, thresholdState, type ThresholdState } from "@/lib/metrics/signals";
import { TIME_RANGES, type SignalsQuery, type SignalsResponse } from "./schemas";

/** About 120 points per chart whatever the range, never finer than the sampling interval. */
const POINTS_PER_CHART = 120;
const STATE_RANK: Record<ThresholdState, number> = { "no-data": 0, ok: 1, warning: 2, critical: 3 };

function historySource(): HistorySource {
  const prometheusUrl = env().PROMETHEUS_URL;
  return prometheusUrl ? prometheusHistory(prometheusUrl) : postgresHistory((query) => db().read(query));
}

/** The latest point, unless it is older than three sampling intervals (then: no data). */
function currentValue(points: [number, number][], nowMs: number): number | null {
  const last = points.at(-1);
  const freshForMs = 3 * env().METRICS_SAMPLE_INTERVAL_SECONDS * 1000 + 5_000;
  return last && nowMs - last[0] <= freshForMs ? last[1] : null;
}

export async function getSignals(query: SignalsQuery, nowMs = Date.now()): Promise<SignalsResponse> {
  const wanted = query.signals ? SIGNALS.filter((signal) => query.signals!.split(",").includes(signal.key)) : SIGNALS.filter((signal) => !signal.detailOnly);
  const rangeSeconds = TIME_RANGES[query.range];
  const stepSeconds = Math.max(env().METRICS_SAMPLE_INTERVAL_SECONDS, Math.round(rangeSeconds / POINTS_PER_CHART));
  const source = historySource();
  const series: SeriesPoints[] = await source.range({ signals: wanted.map((signal) => signal.key), fromMs: nowMs - rangeSeconds * 1000, toMs: nowMs, stepSeconds });
  return {
    source: source.name,
    range: query.range,
    stepSeconds,
    generatedAt: new Date(nowMs).toISOString(),
    signals: wanted.map((signal) => {
      const own = series
        .filter((entry) => signalOf(entry.series) === signal.key)
        .map((entry) => {
          const current = currentValue(entry.points, nowMs);
          return { series: entry.series, current, state: thresholdState(current, signal.threshold), points: entry.points };
        });
      const state = own.reduce<ThresholdState>((worst, entry) => (STATE_RANK[entry.state] > STATE_RANK[worst] ? entry.state : worst), "no-data");
      return { key: signal.key, label: signal.label, unit: signal.unit, threshold: signal.threshold ?? null, state, series: own };
    }),
  };
}

/** Live pools and replication as the data layer sees them now. */
export async function getDatabaseStatus() {
  const database = db();
  const synchronousMode = await describeSynchronousMode(env(), database.primaryUrl());
  const replication = database.replication.current();
  const targets = [database.targets.primary, ...database.targets.replicas];
  return {
    sampledAt: replication.sampledAt,
    primaryReachable: replication.primaryReachable,
    pools: targets.map((target) => ({ pool: target.pool.poolName, target: target.name, ...poolFigures(target.pool) })),
    replicas: replication.replicas.map(({ name, reachable, healthy, inRotation, replayPaused, receiverStatus, lagSeconds, lagBytes, error }) => ({
      name,
      reachable,
      healthy,
      inRotation,
      replayPaused,
      receiverStatus,
      lagSeconds,
      lagBytes,
      ...(error ? { error } : {}),
    })),
    standbys: replication.standbys.map(({ applicationName, state, replayLagSeconds, lagBytes }) => ({ applicationName, state, replayLagSeconds, lagBytes })),
    synchronousMode,
  };
}
