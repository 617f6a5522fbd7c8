import pg from "pg";
import type PgBoss from "pg-boss";

/** Runs on each new connection before its first statement; throwing discards the connection. */
export type QueueConnectionCheck = (client: pg.PoolClient, url: string) => Promise<void>;

/**
 * pg-boss's database, in place of the pool pg-boss would open itself: the same small pool, but
 * every new connection passes the write pool's check (not a standby, not a fenced former primary)
 * before pg-boss's first statement on it. Without it an instance with a stale DATABASE_URL wrote
 * to a restarted former primary through the queue (pg-boss's version and cron bookkeeping).
 */
export class CheckedQueueDb implements PgBoss.Db {
  private pool: pg.Pool | undefined;
  private readonly checked = new WeakSet<pg.PoolClient>();

  constructor(
    readonly url: string,
    private readonly options: { max: number; check?: QueueConnectionCheck; onError(error: Error): void },
  ) {}

  async executeSql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      const result = await client.query(text, values);
      client.release();
      return result;
    } catch (error) {
      // As pg.Pool#query does: a client whose statement failed is not reused.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** Ends the pool (pg-boss stopped); a later start opens a new one. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => {});
  }

  private async connect(): Promise<pg.PoolClient> {
    this.pool ??= this.openPool();
    const client = await this.pool.connect();
    if (this.checked.has(client)) return client;
    // A server that goes away while the client is checked out emits "error" on it; unheard,
    // that would end the process. The statement in flight still rejects.
    client.on("error", () => {});
    try {
      await this.options.check?.(client, this.url);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.checked.add(client);
    return client;
  }

  private openPool(): pg.Pool {
    const pool = new pg.Pool({ connectionString: this.url, max: this.options.max, application_name: "pgboss" });
    pool.on("error", this.options.onError);
    return pool;
  }
}
