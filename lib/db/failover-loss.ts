import { countAcknowledgedSince } from "./acknowledged-writes";
import type { Database } from "./client";
import { computeLossWindow, type LossBound } from "./loss-bound";
import { walHistoryOf } from "./wal-history";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * What promoting `replica` (at the positions its probe just reported) may lose while the primary
 * does not answer: from this process's WAL history, the replica health check's last sample with
 * the primary, and the writes this instance acknowledged since the confirmed time.
 */
export function measureLossBound(database: Database, replica: { name: string; replayLsn: string | null; receiveLsn: string | null }, nowMs = Date.now()): LossBound {
  const history = walHistoryOf(database)?.snapshot();
  const window = history ? computeLossWindow(history, replica.replayLsn, nowMs) : null;
  const last = database.replication.lastSampleWithPrimary();
  const sample = last?.replicas.find((candidate) => candidate.name === replica.name);
  const sampledAtMs = last?.sampledAt ? Date.parse(last.sampledAt) : null;
  const confirmedAtMs = window?.confirmedAtMs ?? null;
  return {
    confirmedAt: iso(confirmedAtMs),
    boundSeconds: window?.boundSeconds ?? null,
    stoppedAnsweringAt: iso(window?.stoppedAtMs ?? null),
    unknownSince: confirmedAtMs === null ? iso(window?.oldestSampleAtMs ?? null) : null,
    replica: replica.name,
    replayLsn: replica.replayLsn,
    receiveLsn: replica.receiveLsn,
    lastSampleLagBytes: sample?.lagBytes ?? null,
    lastSampleLagSeconds: sample?.lagSeconds ?? null,
    lastSampleAgeSeconds: sampledAtMs === null ? null : Math.round((nowMs - sampledAtMs) / 100) / 10,
    acknowledgedSince: countAcknowledgedSince(confirmedAtMs ?? window?.oldestSampleAtMs ?? null),
  };
}
