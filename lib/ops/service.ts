import { readCapacityThresholds, signalThresholds } from "@/lib/capacity/thresholds";
import { db } from "@/lib/db/client";
import { poolFigures } from "@/lib/db/metrics";
import { describeSynchronousMode } from "@/lib/db/synchronous-mode";
import { env } from "@/lib/env";
import { postgresHistory } from "@/lib/metrics/history/postgres-store";
import { prometheusHistory } from "@/lib/metrics/history/prometheus";
import type { HistorySource, SeriesPoints } from "@/lib/metrics/history/types";
import { SIGNALS, signalOf, thresholdState, type ThresholdState } from "@/lib/metrics/signals";
import { compareSettings, EMBEDDED_TIER } from "@/lib/sizing/embedded-settings";
import { postgresqlSettingsForTier } from "@/lib/sizing/postgresql-conf";
import { readServerSettings } from "./repo";
import { TIME_RANGES, type SignalsQuery, type SignalsResponse } from "./schemas";

/** About 120 points per chart whatever the range, never finer than the sampling interval. */
const POINTS_PER_CHART = 120;
const STATE_RANK: Record<ThresholdState, number> = { "no-data": 0, ok: 1, warning: 2, critical: 3 };

/** Where metric history is read from: Prometheus when configured, else the embedded sampler's tables. */
export function historySource(): HistorySource {
  const prometheusUrl = env().PROMETHEUS_URL;
  return prometheusUrl ? prometheusHistory(prometheusUrl) : postgresHistory((query) => db().read(query));
}

/**
 * How far back a tile looks for its latest sample. Read at the sampling step whatever the chart's
 * range, so a 24 h chart (12-minute steps) and a pause in traffic (no latency sample while no
 * requests arrive) still show the last value measured rather than "No data".
 */
const LATEST_SAMPLE_WINDOW_MS = 15 * 60_000;

/** Each series' latest sample in the recent window, at the sampling step. */
async function latestValues(source: HistorySource, signals: string[], nowMs: number): Promise<Map<string, number>> {
  const stepSeconds = env().METRICS_SAMPLE_INTERVAL_SECONDS;
  const recent = await source.range({ signals, fromMs: nowMs - LATEST_SAMPLE_WINDOW_MS, toMs: nowMs, stepSeconds });
  return new Map(recent.flatMap((entry) => {
    const last = entry.points.at(-1);
    return last ? [[entry.series, last[1]] as const] : [];
  }));
}

export async function getSignals(query: SignalsQuery, nowMs = Date.now()): Promise<SignalsResponse> {
  const wanted = query.signals ? SIGNALS.filter((signal) => query.signals!.split(",").includes(signal.key)) : SIGNALS.filter((signal) => !signal.detailOnly);
  const rangeSeconds = TIME_RANGES[query.range];
  const stepSeconds = Math.max(env().METRICS_SAMPLE_INTERVAL_SECONDS, Math.round(rangeSeconds / POINTS_PER_CHART));
  const source = historySource();
  // Thresholds are read with the data, so a rule edited a moment ago moves the lines and states.
  const live = signalThresholds(await db().read(readCapacityThresholds));
  const keys = wanted.map((signal) => signal.key);
  const [series, latest]: [SeriesPoints[], Map<string, number>] = await Promise.all([
    source.range({ signals: keys, fromMs: nowMs - rangeSeconds * 1000, toMs: nowMs, stepSeconds }),
    latestValues(source, keys, nowMs),
  ]);
  return {
    source: source.name,
    range: query.range,
    stepSeconds,
    generatedAt: new Date(nowMs).toISOString(),
    signals: wanted.map((signal) => {
      const threshold = live[signal.key] ?? signal.threshold;
      // A series sampled recently but not yet in the range's rollups still gets its tile value.
      const charted = series.filter((entry) => signalOf(entry.series) === signal.key);
      const recentOnly = [...latest.keys()].filter((name) => signalOf(name) === signal.key && !charted.some((entry) => entry.series === name));
      const own = [...charted, ...recentOnly.map((name) => ({ series: name, points: [] as [number, number][] }))]
        .map((entry) => {
          const current = latest.get(entry.series) ?? null;
          return { series: entry.series, current, state: thresholdState(current, threshold), points: entry.points };
        });
      const state = own.reduce<ThresholdState>((worst, entry) => (STATE_RANK[entry.state] > STATE_RANK[worst] ? entry.state : worst), "no-data");
      return { key: signal.key, label: signal.label, unit: signal.unit, threshold: threshold ?? null, definition: signal.definition ?? null, state, series: own };
    }),
  };
}

/**
 * The primary's live settings against the tier's postgresql.conf (the small tier: what the
 * embedded server runs); null when the primary cannot be asked.
 */
async function compareServerSettings() {
  const tier = postgresqlSettingsForTier(EMBEDDED_TIER);
  try {
    const live = await readServerSettings(db().primary, Object.keys(tier));
    return { tier: EMBEDDED_TIER, settings: compareSettings(tier, live) };
  } catch {
    return null;
  }
}

/** Live pools and replication as the data layer sees them now. */
export async function getDatabaseStatus() {
  const database = db();
  const [synchronousMode, serverSettings] = await Promise.all([describeSynchronousMode(env(), database.primaryUrl()), compareServerSettings()]);
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
    serverSettings,
  };
}
