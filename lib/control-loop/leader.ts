import pg from "pg";
import { logger } from "@/lib/logging/logger";

/** Any fixed 64-bit number; every instance must use the same one. */
const CONTROL_LOOP_LOCK = 4_217_001;
const APPLICATION_NAME_PREFIX = "agency-toolkit-control-loop:";

/** The process id of the instance running the control loop, read from the lock holder's session. */
export async function findControlLoopLeaderPid(pool: { query: pg.Pool["query"] }): Promise<number | null> {
  const { rows } = await pool.query<{ application_name: string }>(
    `select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.classid = 0 and l.objid = $1 and l.granted`,
    [CONTROL_LOOP_LOCK],
  );
  const name = rows[0]?.application_name ?? "";
  return name.startsWith(APPLICATION_NAME_PREFIX) ? Number(name.slice(APPLICATION_NAME_PREFIX.length)) : null;
}

/**
 * Exactly one instance runs the control loop: the one holding a Postgres session-level
 * advisory lock on a dedicated connection. If that process dies its connection closes, the lock
 * is released, and another instance's next attempt takes over.
 *
 * After a replica promotion every instance moves its election to the new primary (reconnect()).
 * The lock there is a different lock from the one on the former primary, so the election's
 * connection runs the write pool's fencing check before it asks for the lock: an instance with a
 * stale DATABASE_URL is refused on a former primary that came back (and fences it on sight)
 * instead of leading there beside the leader on the new one. A leader whose server is fenced
 * while it holds the lock loses its session (fencing ends them) and with it the lead.
 */
export class LeaderElection {
  private client: pg.Client | undefined;
  /** The URL `client` was opened with. */
  private connectedUrl = "";
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private stopped = false;
  /** Bumped by reconnect(): an attempt begun on the former server gives up its result. */
  private generation = 0;

  constructor(
    /** The current primary's URL, read on every (re)connect. */
    private readonly databaseUrl: () => string,
    private readonly retryMs: number,
    private readonly callbacks: { onLead(): void; onLose(): void },
    /** Runs on each new election connection before the lock is asked for; throwing refuses it. */
    private readonly checkConnection?: (client: pg.Client, url: string) => Promise<void>,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.lose();
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }

  /** The primary changed: give up the lock (and the lead) on the old server and compete on the new one now. */
  async reconnect(): Promise<void> {
    if (this.stopped) return;
    this.generation += 1;
    const previous = this.client;
    this.client = undefined;
    this.lose();
    clearTimeout(this.timer);
    await previous?.end().catch(() => {});
    logger.info("control-loop election moves to the new primary", { pid: process.pid });
    await this.attempt();
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.leading) return;
    const generation = this.generation;
    try {
      let client = this.client;
      if (!client) {
        client = await this.connect();
        if (generation !== this.generation || this.stopped) {
          await client.end().catch(() => {});
          return;
        }
        this.client = client;
      } else {
        // A connection kept from an earlier attempt is checked again: the process may have
        // learnt of a newer epoch since, and an advisory lock is granted on a read-only server.
        await this.checkConnection?.(client, this.connectedUrl);
      }
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [CONTROL_LOOP_LOCK]);
      if (generation !== this.generation || this.stopped) return;
      if (rows[0]?.locked) {
        this.leading = true;
        logger.info("this instance now runs the control loop", { pid: process.pid });
        this.callbacks.onLead();
        return;
      }
    } catch (error) {
      if (generation !== this.generation) return;
      logger.warn("control-loop election failed; retrying", { err: error });
      const failed = this.client;
      this.client = undefined;
      void failed?.end().catch(() => {});
    }
    this.scheduleRetry();
  }

  private async connect(): Promise<pg.Client> {
    const url = this.databaseUrl();
    const client = new pg.Client({ connectionString: url, application_name: `${APPLICATION_NAME_PREFIX}${process.pid}` });
    client.on("error", () => {
      // A client already replaced (reconnect) must not touch the election any more.
      if (this.client !== client) return;
      // The connection (and with it the lock) is gone: stop leading and try again.
      this.client = undefined;
      this.lose();
      this.scheduleRetry();
    });
    await client.connect();
    try {
      await this.checkConnection?.(client, url);
      this.connectedUrl = url;
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private lose(): void {
    if (!this.leading) return;
    this.leading = false;
    logger.warn("this instance stopped running the control loop", { pid: process.pid });
    this.callbacks.onLose();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.attempt(), this.retryMs);
    this.timer.unref();
  }
}
