import pg from "pg";
import { logger } from "@/lib/logging/logger";
import { withTimeout } from "./replication";

// Fencing: after a replica is promoted, the former primary must never take a write again, even
// if it comes back with its old data and an instance still points at it. Two layers:
//  1. The fencing epoch. Each promotion writes a row to database_promotion on the new primary
//     (epoch = previous + 1). Every new write-pool connection reads the server's highest epoch and
//     is refused when it is lower than the highest this process has seen anywhere: the former
//     primary stops at the epoch it had, so it is refused however it comes back. A process learns
//     the new epoch from the promoting instance, from a broadcast, or by finding a configured
//     replica that is no longer in recovery (its replica health check, and once before the first
//     write connection, so a restarted instance with stale settings is fenced too).
//  2. Read-only on the server itself. When the former primary is reachable (a planned promotion,
//     or when it is seen again), `ALTER SYSTEM SET default_transaction_read_only = on` (kept in
//     postgresql.auto.conf across restarts) and its client sessions are ended. A promotion made
//     while it did not answer records it as still to be fenced (database_promotion.formerFencedAt
//     null); every instance watches for it (lib/db/former-primary-watch.ts) and fences it within
//     one interval of its answering, whoever connects to it, then measures the actual loss.
// Every connection that may write runs `verifyWriteConnection` before its first statement: the
// write pool's, the job queue's (lib/queue) and the control-loop election's (lib/control-loop).
// A lower epoch seen on any of them also fences that server on sight.

/**
 * A write connection landed on a server that is not, or no longer, the primary. `refusedHost` is
 * the server the connection reached; `primaryHost` the primary of the newest epoch this process
 * knows (null when it has not seen it answer yet).
 */
export class FencedPrimaryError extends Error {
  constructor(
    message: string,
    readonly refusedHost: string,
    readonly primaryHost: string | null,
  ) {
    super(message);
    this.name = "FencedPrimaryError";
  }
}

/** The application_name of the read-only sessions that measure a failover's actual loss (lib/db/data-loss.ts). */
export const LOSS_MEASUREMENT_APPLICATION_NAME = "agency-toolkit-data-loss";

type ServerRole = { inRecovery: boolean; epoch: number };

type Queryable = Pick<pg.ClientBase, "query">;

/** Whether the server is a standby, and the highest promotion epoch it holds (0 before any). */
export async function readServerRole(client: Queryable): Promise<ServerRole> {
  const { rows } = await client.query<{ in_recovery: boolean; tracked: boolean }>(
    // A login that may not read the table (a restricted role) sees epoch 0: no epoch fencing for it.
    "select pg_is_in_recovery() as in_recovery, coalesce(has_table_privilege(to_regclass('public.database_promotion'), 'select'), false) as tracked",
  );
  const inRecovery = rows[0]!.in_recovery;
  if (!rows[0]!.tracked) return { inRecovery, epoch: 0 };
  const epoch = await client.query<{ epoch: number }>("select coalesce(max(epoch), 0)::int as epoch from database_promotion");
  return { inRecovery, epoch: epoch.rows[0]!.epoch };
}

/** `host:port` of a connection URL, for messages and records (never the credentials). */
export function hostOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}`;
}

/** `url` with its host and port replaced by `host` (`host:port`): same login, another server. */
export function urlOnHost(url: string, host: string): string {
  const parsed = new URL(url);
  const separator = host.lastIndexOf(":");
  parsed.hostname = separator > 0 ? host.slice(0, separator) : host;
  parsed.port = separator > 0 ? host.slice(separator + 1) : "5432";
  return parsed.toString();
}

/**
 * The server a connection actually reached. A pool's URL is read when the check runs, and a
 * promotion may have repointed the pool while this connection was being opened to the old server:
 * the connection's own host and port say which server it is.
 */
function serverUrlOf(client: Queryable, url: string): string {
  const { host, port } = client as { host?: unknown; port?: unknown };
  return typeof host === "string" && host && !host.startsWith("/") && port ? urlOnHost(url, `${host}:${String(port)}`) : url;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>, timeoutMs = 2_000): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: "agency-toolkit-fencing" });
  client.on("error", () => {});
  await client.connect();
  try {
    return await withTimeout(work(client), timeoutMs * 5);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Makes a server read-only for every new transaction, persistently, ends its other client
 * sessions (they could hold open write transactions), and proves it from a fresh session.
 * Needs ALTER SYSTEM on the parameter (superuser, or a grant on PostgreSQL 15+).
 */
export async function setServerReadOnly(url: string): Promise<{ terminatedSessions: number }> {
  const terminatedSessions = await withClient(url, async (client) => {
    await client.query("alter system set default_transaction_read_only = on");
    await client.query("select pg_reload_conf()");
    const ended = await client.query(
      // A non-superuser (the app's least-privilege role) may not end a superuser's session and
      // would fail the whole fence on one psql session: those are left, ours all end, except a
      // loss measurement's (it only reads, and another instance fencing on sight must not cut it).
      `select count(pg_terminate_backend(activity.pid))::int as ended
         from pg_stat_activity activity
         left join pg_roles holder on holder.oid = activity.usesysid
        where activity.pid <> pg_backend_pid() and activity.backend_type = 'client backend'
          and activity.application_name is distinct from $1
          and (not coalesce(holder.rolsuper, false) or (select rolsuper from pg_roles where rolname = current_user))`,
      [LOSS_MEASUREMENT_APPLICATION_NAME],
    );
    return (ended.rows[0] as { ended: number }).ended;
  });
  if (!(await isServerReadOnly(url))) throw new Error(`${hostOf(url)} still accepts writes after ALTER SYSTEM`);
  return { terminatedSessions };
}

/** From a new session: does the server make every transaction read-only by default? */
export async function isServerReadOnly(url: string): Promise<boolean> {
  return withClient(url, async (client) => (await client.query<{ value: string }>("select current_setting('default_transaction_read_only') as value")).rows[0]?.value === "on");
}

/** Can this login fence a reachable primary (ALTER SYSTEM on the parameter)? */
export async function canSetServerReadOnly(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ allowed: boolean }>(
      "select (select rolsuper from pg_roles where rolname = current_user) or coalesce(has_parameter_privilege('default_transaction_read_only', 'ALTER SYSTEM'), false) as allowed",
    );
    return rows[0]?.allowed === true;
  });
}

export type FenceReplica = { name: string; url: string; pool: pg.Pool };

/**
 * The write pool's guard for one process: checks every new write connection against the highest
 * epoch seen, and finds promoted replicas (see the top of this file).
 */
export class PrimaryFence {
  private knownEpoch = 0;
  private currentPrimary: string | null = null;
  private firstScan: Promise<void> | undefined;
  private readonly fencedOnSight = new Set<string>();

  constructor(
    private readonly options: {
      /** The replicas still serving as replicas (a promoted one leaves this list). */
      replicas(): FenceReplica[];
      /** A replica turned out to be the primary of a newer epoch: write there from now on. */
      onPromotedReplica(replica: FenceReplica, epoch: number): void;
    },
  ) {}

  get epoch(): number {
    return this.knownEpoch;
  }

  /** The primary of the known epoch, as `host:port` (null until one has answered or been promoted). */
  get primaryHost(): string | null {
    return this.currentPrimary;
  }

  /** Raises the known epoch (after this process promoted a replica, or heard of one). */
  observe(epoch: number, primaryUrl?: string): void {
    if (epoch > this.knownEpoch && primaryUrl) this.currentPrimary = hostOf(primaryUrl);
    this.knownEpoch = Math.max(this.knownEpoch, epoch);
  }

  /**
   * Runs on every connection that may write, before its first statement: the write pool's, the
   * job queue's and the control-loop election's. Refuses a standby, and a server whose epoch is
   * below the highest this process has seen (a former primary), which is then fenced on sight.
   */
  async verifyWriteConnection(client: Queryable, url: string): Promise<void> {
    // A restarted instance with stale settings must look at the replicas before its first write.
    await (this.firstScan ??= this.scanReplicas().catch(() => {}));
    const serverUrl = serverUrlOf(client, url);
    const server = hostOf(serverUrl);
    const role = await readServerRole(client);
    const primary = this.currentPrimary && this.currentPrimary !== server ? `; the primary is ${this.currentPrimary}` : "";
    if (role.inRecovery) throw new FencedPrimaryError(`${server} is a standby (in recovery), not the primary${primary}; writes to ${server} are refused`, server, this.currentPrimary);
    if (role.epoch < this.knownEpoch) {
      void this.fenceOnSight(serverUrl);
      throw new FencedPrimaryError(
        `${server} is a former primary (fencing epoch ${role.epoch}; the current epoch is ${this.knownEpoch}${primary ? `, primary ${this.currentPrimary}` : ""}); writes to ${server} are refused`,
        server,
        this.currentPrimary,
      );
    }
    this.knownEpoch = role.epoch;
    this.currentPrimary = server;
  }

  /**
   * Asks each replica whether it is still one: a replica out of recovery with a newer epoch was
   * promoted (by another instance, or before this one started), and becomes this process's primary.
   */
  async scanReplicas(): Promise<void> {
    for (const replica of this.options.replicas()) {
      const role = await withTimeout(
        (async () => {
          const client = await replica.pool.connect();
          try {
            return await readServerRole(client);
          } finally {
            client.release();
          }
        })(),
      ).catch(() => null);
      if (role && !role.inRecovery && role.epoch > this.knownEpoch) {
        this.knownEpoch = role.epoch;
        this.currentPrimary = hostOf(replica.url);
        logger.warn("a replica was promoted: writes go to it from now on", { replica: replica.name, epoch: role.epoch });
        this.options.onPromotedReplica(replica, role.epoch);
        return;
      }
    }
  }

  /** A former primary seen again is made read-only on the server too (best effort, once). */
  private async fenceOnSight(url: string): Promise<void> {
    if (this.fencedOnSight.has(url)) return;
    this.fencedOnSight.add(url);
    try {
      const { terminatedSessions } = await setServerReadOnly(url);
      logger.warn("a former primary came back: set it read-only", { server: hostOf(url), terminatedSessions });
    } catch (error) {
      this.fencedOnSight.delete(url);
      logger.error("a former primary came back and could not be set read-only; the write pools still refuse it", { server: hostOf(url), err: error });
    }
  }
}
