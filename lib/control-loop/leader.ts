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
 */
export class LeaderElection {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
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

  private async attempt(): Promise<void> {
    if (this.stopped || this.leading) return;
    try {
      this.client ??= await this.connect();
      const { rows } = await this.client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [CONTROL_LOOP_LOCK]);
      if (rows[0]?.locked) {
        this.leading = true;
        logger.info("this instance now runs the control loop", { pid: process.pid });
        this.callbacks.onLead();
        return;
      }
    } catch (error) {
      logger.warn("control-loop election failed; retrying", { err: error });
      this.client = undefined;
    }
    this.scheduleRetry();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: `${APPLICATION_NAME_PREFIX}${process.pid}` });
    client.on("error", () => {
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
