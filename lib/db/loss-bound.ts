// What an asynchronous failover may lose, from what is known without the primary: a history of
// the primary's WAL position (each sample taken while it answered) and the replica's replay
// position now. Pure: no I/O, no clock (`nowMs` is passed in).

/** The primary's WAL insert position, read at `sampledAtMs` (taken before the query was sent). */
export type WalSample = { sampledAtMs: number; walLsn: string };

export type WalHistorySnapshot = {
  samples: WalSample[];
  /** When the primary last answered a sample (ms), or null if it never did. */
  lastAnsweredAtMs: number | null;
  /** When the first sample after that failed (or timed out): the primary had stopped by then. */
  firstUnansweredAtMs: number | null;
  intervalMs: number;
};

export type LossWindow = {
  /** Every write acknowledged up to this time is on the replica; null: no sample is covered. */
  confirmedAtMs: number | null;
  /** The primary had stopped answering by then (or may have, at the latest). */
  stoppedAtMs: number | null;
  /** `stoppedAtMs − confirmedAtMs`, rounded up to the sample interval; null when unknown. */
  boundSeconds: number | null;
  /** With no covered sample: the oldest time the history knows of. */
  oldestSampleAtMs: number | null;
};

/** `16/B374D848` as a byte position (BigInt: LSNs exceed 2^53 in principle). */
export function parseLsn(lsn: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!match) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareLsn(a: string, b: string): number {
  const diff = parseLsn(a) - parseLsn(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}

/**
 * The latest sample whose WAL position the replica has replayed. A write acknowledged before the
 * sample was taken has its commit record at or before that position, so it is on the replica.
 */
export function findConfirmedSample(samples: readonly WalSample[], replayLsn: string | null): WalSample | null {
  if (!replayLsn) return null;
  let confirmed: WalSample | null = null;
  for (const sample of samples) {
    if (compareLsn(sample.walLsn, replayLsn) <= 0 && (!confirmed || sample.sampledAtMs > confirmed.sampledAtMs)) confirmed = sample;
  }
  return confirmed;
}

/**
 * The window of acknowledged writes a promotion of a replica at `replayLsn` may lose: everything
 * acknowledged after the confirmed sample, up to when the primary stopped (at the latest its first
 * unanswered sample; without one, one interval after its last answer, or now).
 */
export function computeLossWindow(history: WalHistorySnapshot, replayLsn: string | null, nowMs: number): LossWindow {
  const confirmed = findConfirmedSample(history.samples, replayLsn);
  const oldest = history.samples.reduce<number | null>((min, sample) => (min === null || sample.sampledAtMs < min ? sample.sampledAtMs : min), null);
  const stoppedAtMs =
    history.firstUnansweredAtMs ?? (history.lastAnsweredAtMs === null ? null : Math.min(nowMs, history.lastAnsweredAtMs + history.intervalMs));
  if (!confirmed || stoppedAtMs === null) return { confirmedAtMs: confirmed?.sampledAtMs ?? null, stoppedAtMs, boundSeconds: null, oldestSampleAtMs: oldest };
  const spanMs = Math.max(stoppedAtMs - confirmed.sampledAtMs, 0);
  const boundMs = Math.max(Math.ceil(spanMs / history.intervalMs), 1) * history.intervalMs;
  return { confirmedAtMs: confirmed.sampledAtMs, stoppedAtMs, boundSeconds: boundMs / 1000, oldestSampleAtMs: oldest };
}

/** The bound as a promotion preview and run record it. Times are ISO strings. */
export type LossBound = {
  /** Every write acknowledged up to then is on the replica; null: not known for any time. */
  confirmedAt: string | null;
  /** Writes of at most this many seconds before the primary stopped answering may be lost. */
  boundSeconds: number | null;
  stoppedAnsweringAt: string | null;
  /** With no confirmed time: possibly every write since then (the oldest sample known). */
  unknownSince: string | null;
  replica: string;
  replayLsn: string | null;
  receiveLsn: string | null;
  /** The replica health check's last sample while the primary answered: its lag and age. */
  lastSampleLagBytes: number | null;
  lastSampleLagSeconds: number | null;
  lastSampleAgeSeconds: number | null;
  /** What this instance acknowledged after `confirmedAt` (counts, not proof: other instances wrote too). */
  acknowledgedSince: { auditEntries: number; executions: number; isComplete: boolean };
};

const clock = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, " UTC");
const orUnknown = (value: number | null, unit: string, digits = 1) => (value === null ? "unknown" : `${value.toFixed(digits)}${unit}`);

/** The bound in words: the preview's "possible data loss" line and the warnings that back it. */
export function describeLossBound(bound: LossBound): { loss: string; warnings: string[] } {
  const { auditEntries, executions, isComplete } = bound.acknowledgedSince;
  const counted = `this instance acknowledged ${isComplete ? "" : "at least "}${auditEntries} audit entries and ${executions} workflow executions in that time`;
  const loss = bound.confirmedAt
    ? `every write acknowledged after ${clock(bound.confirmedAt)} may be lost: the writes of the last ${orUnknown(bound.boundSeconds, " s", 0)} before the primary stopped answering (${counted})`
    : `unknown: possibly every write since ${bound.unknownSince ? clock(bound.unknownSince) : "this instance started"} (${bound.replica} has replayed none of the WAL positions this instance sampled; ${counted})`;
  const replayed = `${bound.replica} has replayed up to ${bound.replayLsn ?? "unknown"} (received up to ${bound.receiveLsn ?? "unknown"})`;
  const lastSample =
    bound.lastSampleAgeSeconds === null
      ? "no replica health sample was taken while the primary answered"
      : `the last replica health sample while the primary answered showed ${orUnknown(bound.lastSampleLagBytes, " B", 0)} / ${orUnknown(bound.lastSampleLagSeconds, " s")} of lag, but it is ${bound.lastSampleAgeSeconds.toFixed(1)} s old: it says nothing about the writes after it`;
  return { loss, warnings: [replayed, lastSample] };
}
