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
 * The lock there is a different lock from the one on the former primary, so for a moment an
 * instance not yet told could still hold the old one while another leads on the new primary.
 * That is safe: the control loop writes through the write pool, and an instance's write pool and
 * its election move in the same tick (lib/db/client.ts onPrimaryChanged). Until then its writes go
 * to the former primary, which is fenced (read-only on the server, or refused by every write pool
 * through the fencing epoch), so an old-lock leader cannot change anything; once its writes reach
 * the new primary it has already dropped the old lock and competes for the new one.
 */
export class LeaderElection {
  private client: pg.Client | undefined;
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
      this.client = undefined;
    }
    this.scheduleRetry();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl(), application_name: `${APPLICATION_NAME_PREFIX}${process.pid}` });
    client.on("error", () => {
      // A client already replaced (reconnect) must not touch the election any more.
      if (this.client !== client) return;
      // The connection (and with it the lock) is gone: stop leading and try again.
      this.client = undefined;
      this.lose();
      this.scheduleRetry();
    });
    await client.connect();
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
