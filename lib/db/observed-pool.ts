import pg from "pg";

/** What a pool reports as it works; lib/db/metrics.ts turns these into Prometheus series. */
export type PoolObserver = {
  acquired(pool: ObservedPool, waitSeconds: number): void;
  acquireFailed(pool: ObservedPool, waitSeconds: number, error: unknown): void;
  queried(pool: ObservedPool): void;
};

const INSTRUMENTED = Symbol("agency.instrumented");
/** The pool target a client was connected to (see `retarget`). */
const GENERATION = Symbol("agency.generation");
type InstrumentedClient = pg.PoolClient & { [INSTRUMENTED]?: true; [GENERATION]?: number };

/** Runs once on each new connection before it is handed out; throwing discards the connection. */
export type ConnectionCheck = (client: pg.PoolClient) => Promise<void>;

/** Raised when no connection could be had within the acquire timeout; the API answers 503. */
export class PoolAcquireTimeoutError extends Error {
  constructor(readonly poolName: string, readonly timeoutMs: number, options: { cause?: unknown } = {}) {
    super(`no ${poolName} database connection free within ${timeoutMs} ms`, options);
    this.name = "PoolAcquireTimeoutError";
  }
}

/**
 * A pg.Client that never leaves a connection error unheard. A server ending a backend (failover,
 * fast shutdown, pg_terminate_backend) makes the client emit "error"; pg-pool listens only while
 * the client is idle, and there are moments between its hand-over and ours when nobody does.
 * Unheard, that error would end the process. The query in flight still rejects with it, and the
 * pool still drops the broken client when it comes back.
 */
class ListenedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on("error", () => {});
  }
}

/**
 * A pg.Pool that times every acquisition and counts every query, so pool pressure is visible
 * (`db_pool_*` metrics). Prisma runs on it through @prisma/adapter-pg, which calls `connect()`
 * for transactions and `query()` (→ `connect(callback)`) for everything else.
 */
export class ObservedPool extends pg.Pool {
  constructor(
    readonly poolName: "write" | "read",
    readonly target: string,
    config: pg.PoolConfig & { acquireTimeoutMs: number },
    private readonly observer: PoolObserver,
  ) {
    // pg-pool bounds both the wait for a free client and the set-up of a new connection with
    // connectionTimeoutMillis; the acquire timeout is that bound.
    super({ ...config, connectionTimeoutMillis: config.acquireTimeoutMs, Client: ListenedClient });
    this.acquireTimeoutMs = config.acquireTimeoutMs;
  }

  readonly acquireTimeoutMs: number;
  private generation = 0;
  private connectionCheck: ConnectionCheck | undefined;

  /** The server this pool connects to now (changes when a promotion repoints it). */
  get connectionString(): string {
    return this.options.connectionString ?? "";
  }

  checkNewConnections(check: ConnectionCheck): void {
    this.connectionCheck = check;
  }

  /**
   * Points the pool at another server (a promoted replica): new connections go there, and
   * connections to the old server are discarded as they come back or out of the idle list.
   */
  retarget(connectionString: string): void {
    this.options.connectionString = connectionString;
    this.generation += 1;
  }

  get maxConnections(): number {
    return this.options.max ?? 10;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void) {
    const acquisition = this.acquire();
    if (!callback) return acquisition;
    acquisition.then(
      (client) => callback(undefined, client, (release?: unknown) => client.release(release as boolean | Error | undefined)),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  }

  private async acquire(): Promise<pg.PoolClient> {
    const startedAt = performance.now();
    const waited = () => (performance.now() - startedAt) / 1000;
    try {
      const client = await this.connectCurrent();
      this.observer.acquired(this, waited());
      return this.instrument(client);
    } catch (error) {
      this.observer.acquireFailed(this, waited(), error);
      if (error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message)) {
        throw new PoolAcquireTimeoutError(this.poolName, this.acquireTimeoutMs, { cause: error });
      }
      throw error;
    }
  }

  private async connectCurrent(): Promise<InstrumentedClient> {
    for (;;) {
      const client: InstrumentedClient = await super.connect();
      if (client[GENERATION] === this.generation) return client;
      if (client[GENERATION] !== undefined) {
        client.release(true); // connected to the server this pool was pointed away from
        continue;
      }
      client[GENERATION] = this.generation;
      try {
        await this.connectionCheck?.(client);
      } catch (error) {
        client.release(true);
        throw error;
      }
      return client;
    }
  }

  private instrument(client: InstrumentedClient): pg.PoolClient {
    if (client[INSTRUMENTED]) return client;
    client[INSTRUMENTED] = true;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      this.observer.queried(this);
      return query(...args);
    };
    return client;
  }
}
