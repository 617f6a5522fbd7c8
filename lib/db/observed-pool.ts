import pg from "pg";

/** What a pool reports as it works; lib/db/metrics.ts turns these into Prometheus series. */
export type PoolObserver = {
  acquired(pool: ObservedPool, waitSeconds: number): void;
  acquireFailed(pool: ObservedPool, waitSeconds: number, error: unknown): void;
  queried(pool: ObservedPool): void;
};

const INSTRUMENTED = Symbol("agency.instrumented");
type InstrumentedClient = pg.PoolClient & { [INSTRUMENTED]?: true };

/** Raised when no connection could be had within the acquire timeout; the API answers 503. */
export class PoolAcquireTimeoutError extends Error {
  constructor(readonly poolName: string, readonly timeoutMs: number, options: { cause?: unknown } = {}) {
    super(`no ${poolName} database connection free within ${timeoutMs} ms`, options);
    this.name = "PoolAcquireTimeoutError";
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
    super({ ...config, connectionTimeoutMillis: config.acquireTimeoutMs });
    this.acquireTimeoutMs = config.acquireTimeoutMs;
  }

  readonly acquireTimeoutMs: number;

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
      const client = await super.connect();
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
