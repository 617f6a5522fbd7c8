import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { processSingleton } from "@/lib/process-singleton";
import type { Database } from "./client";
import { measureActualLoss, recordActualLoss, type ActualLoss } from "./data-loss";
import { hostOf, readServerRole, setServerReadOnly, urlOnHost } from "./fencing";

// A promotion made while the old primary did not answer leaves it to be fenced: its
// database_promotion row has formerFencedAt null. Every instance runs this watch (one query on
// the primary every 2 s while nothing is pending): the fence must not wait for an election whose
// own connection depends on which server answers, nor for the instance that happens to lead, and
// a restarted old server is fenced within one interval of answering, whoever connects to it. The
// instances race harmlessly (read-only is idempotent); the one whose conditional update marks the
// row done measures the actual loss, once.

const WATCH_INTERVAL_MS = 2_000;
const PROBE_TIMEOUT_MS = 1_500;
const MEASURE_ATTEMPTS = 5;
const MEASURE_RETRY_MS = 1_000;

type PendingFence = { epoch: number; formerHost: string; promotedLsn: string | null; promotedXmin: bigint | null };

export type FormerPrimaryWatch = {
  /** One pass now (the timer runs them every interval); overlapping calls share the one in flight. */
  check(): Promise<void>;
  stop(): Promise<void>;
};

/** The login to reach a former primary with: a configured URL for that host, else the current primary's login there. */
function formerUrlFor(database: Database, formerHost: string, knownUrls: string[]): string {
  const known = [...knownUrls, database.targets.primary.url, ...database.targets.replicas.map((replica) => replica.url)].find((url) => hostOf(url) === formerHost);
  return known ?? urlOnHost(database.primaryUrl(), formerHost);
}

async function listPendingFences(database: Database): Promise<PendingFence[]> {
  return database.primary.databasePromotion.findMany({
    where: { formerFencedAt: null },
    select: { epoch: true, formerHost: true, promotedLsn: true, promotedXmin: true },
    orderBy: { epoch: "asc" },
  });
}

/** Marks the fence done; true for the one caller that did (the others found it done). */
async function markFenced(database: Database, epoch: number): Promise<boolean> {
  const { count } = await database.primary.databasePromotion.updateMany({ where: { epoch, formerFencedAt: null }, data: { formerFencedAt: new Date() } });
  return count === 1;
}

type FormerState = "unreachable" | "fenceable" | "moot";

/** Down; up as a writable server of an older epoch (fence it); or a standby / a server that knows this promotion (nothing to fence). */
async function probeFormer(url: string, epoch: number): Promise<FormerState> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, application_name: "agency-toolkit-fence-watch" });
  client.on("error", () => {});
  try {
    await client.connect();
    const role = await readServerRole(client);
    return role.inRecovery || role.epoch >= epoch ? "moot" : "fenceable";
  } catch {
    return "unreachable";
  } finally {
    await client.end().catch(() => {});
  }
}

/** This instance marked the fence done and alone measures: a connection lost midway (a restart, a fence on sight) is measured again. */
async function measureWithRetries(formerUrl: string, promotedUrl: string, pending: PendingFence): Promise<ActualLoss> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measureActualLoss(formerUrl, promotedUrl, pending.promotedLsn, { promotedXmin: pending.promotedXmin });
    } catch (error) {
      if (attempt >= MEASURE_ATTEMPTS) throw error;
      await sleep(MEASURE_RETRY_MS * attempt);
    }
  }
}

async function settle(database: Database, pending: PendingFence, formerUrl: string): Promise<void> {
  const state = await probeFormer(formerUrl, pending.epoch);
  if (state === "unreachable") return;
  if (state === "moot") {
    if (await markFenced(database, pending.epoch)) logger.info("the former primary is a standby or knows the promotion: nothing to fence", { server: pending.formerHost, epoch: pending.epoch });
    return;
  }
  const startedAt = performance.now();
  const { terminatedSessions } = await setServerReadOnly(formerUrl);
  if (!(await markFenced(database, pending.epoch))) return;
  logger.warn("the former primary answered again: set it read-only", { server: pending.formerHost, epoch: pending.epoch, terminatedSessions, ms: Math.round(performance.now() - startedAt) });
  const loss = await measureWithRetries(formerUrl, database.primaryUrl(), pending);
  await recordActualLoss(database.primary, pending.epoch, loss);
  logger.warn("the failover's actual loss is measured", { epoch: pending.epoch, walBytes: loss.walBytes, missingRows: loss.missingRowsTotal });
}

/**
 * Starts this process's watch for former primaries still to be fenced (idempotent per process).
 * `knownUrls` are logins to try first for a former host (DATABASE_URL by default).
 */
export function startFormerPrimaryWatch(database: Database, options: { intervalMs?: number; knownUrls?: string[] } = {}): FormerPrimaryWatch {
  return processSingleton("former-primary-watch", () => createFormerPrimaryWatch(database, options));
}

export function createFormerPrimaryWatch(database: Database, options: { intervalMs?: number; knownUrls?: string[] } = {}): FormerPrimaryWatch {
  const knownUrls = options.knownUrls ?? [env().DATABASE_URL];
  const failing = new Set<number>();
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = async () => {
    // The primary may be unreachable itself (mid-failover): the next pass asks again.
    const pending = await listPendingFences(database).catch(() => []);
    for (const fence of pending) {
      if (stopped) return;
      try {
        await settle(database, fence, formerUrlFor(database, fence.formerHost, knownUrls));
        failing.delete(fence.epoch);
      } catch (error) {
        // Logged once per epoch until it succeeds: e.g. a login without ALTER SYSTEM keeps failing.
        if (!failing.has(fence.epoch)) logger.error("could not fence the former primary or record its loss; retrying", { server: fence.formerHost, epoch: fence.epoch, err: error });
        failing.add(fence.epoch);
      }
    }
  };
  const check = () => (running ??= pass().finally(() => (running = undefined)));
  const timer = setInterval(() => void check(), options.intervalMs ?? WATCH_INTERVAL_MS);
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
