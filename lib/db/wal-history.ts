import type { Database } from "./client";
import type { WalHistorySnapshot, WalSample } from "./loss-bound";
import { withTimeout } from "./replication";

// The primary's WAL position once a second, for the last ten minutes: the failover data-loss
// bound (lib/db/loss-bound.ts) finds in it the latest moment whose writes the replica has. A
// sample of our own rather than the replica router's: its status keeps only the replicas' lag,
// not the primary's position, and it samples every DB_REPLICA_HEALTH_INTERVAL_MS (5 s by default),
// which would make the bound up to five times coarser.

const SAMPLE_INTERVAL_MS = 1_000;
const RETENTION_MS = 10 * 60_000;
const CAPACITY = Math.ceil(RETENTION_MS / SAMPLE_INTERVAL_MS) + 1;
/** A sample that takes longer than this counts as unanswered: the primary is gone or stuck. */
const SAMPLE_TIMEOUT_MS = 2_000;

export type WalHistory = { snapshot(): WalHistorySnapshot; stop(): void };

/** A fixed ring of samples, oldest first on read. */
class SampleRing {
  private readonly samples: (WalSample | undefined)[] = new Array<WalSample | undefined>(CAPACITY);
  private next = 0;

  push(sample: WalSample): void {
    this.samples[this.next] = sample;
    this.next = (this.next + 1) % CAPACITY;
  }

  list(sinceMs: number): WalSample[] {
    const ordered = [...this.samples.slice(this.next), ...this.samples.slice(0, this.next)];
    return ordered.filter((sample): sample is WalSample => sample !== undefined && sample.sampledAtMs >= sinceMs);
  }
}

const histories = new WeakMap<Database, WalHistory>();

/**
 * Samples `database`'s primary (the write pool, so it follows a promotion) every second until
 * stop(); one history per database, however often this is called.
 */
export function startWalHistory(database: Database): WalHistory {
  const existing = histories.get(database);
  if (existing) return existing;
  const ring = new SampleRing();
  let lastAnsweredAtMs: number | null = null;
  let firstUnansweredAtMs: number | null = null;
  let isSampling = false;
  const sample = async () => {
    if (isSampling) return; // the last one still waits: the primary is not answering
    isSampling = true;
    // Taken before the query is sent: a write acknowledged before this moment has its commit
    // record at or before the position the query returns.
    const sampledAtMs = Date.now();
    try {
      const { rows } = await withTimeout(
        database.targets.primary.pool.query<{ lsn: string | null }>("select case when pg_is_in_recovery() then null else pg_current_wal_lsn()::text end as lsn"),
        SAMPLE_TIMEOUT_MS,
      );
      const walLsn = rows[0]?.lsn;
      if (!walLsn) throw new Error("the primary is in recovery");
      ring.push({ sampledAtMs, walLsn });
      lastAnsweredAtMs = Date.now();
      firstUnansweredAtMs = null;
    } catch {
      // When the failure came back, not when the sample was sent: the sample may have waited for
      // a pool connection while the primary still acknowledged writes.
      firstUnansweredAtMs ??= Date.now();
    } finally {
      isSampling = false;
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), SAMPLE_INTERVAL_MS);
  timer.unref();
  const history: WalHistory = {
    snapshot: () => ({ samples: ring.list(Date.now() - RETENTION_MS), lastAnsweredAtMs, firstUnansweredAtMs, intervalMs: SAMPLE_INTERVAL_MS }),
    stop() {
      clearInterval(timer);
      histories.delete(database);
    },
  };
  histories.set(database, history);
  return history;
}

/** The history of `database`'s primary, if this process samples it. */
export function walHistoryOf(database: Database): WalHistory | undefined {
  return histories.get(database);
}
