import pg from "pg";

/** The one call the probes need, so tests and the service can pass any client or pool. */
export type Queryable = { query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> };

export const DIAGNOSTICS_APPLICATION_NAME = "agency-toolkit-diagnostics";

/** SQLSTATE 53300: the server has no connection slot left. */
export function isTooManyConnections(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "53300";
}

/**
 * A single connection of the diagnostics' own, outside the app's pools: the pools are what may
 * be exhausted, and the probes must still answer then. Reconnects on the next query after a loss.
 * `url` may be a function read before every query (the process's current primary): after a
 * promotion the connection moves to the new primary instead of watching the old server.
 */
export class DiagnosticsConnection implements Queryable {
  private client: Promise<pg.Client> | undefined;
  private connectedUrl: string | undefined;
  private readonly url: () => string;
  tooManyConnectionsTotal = 0;

  constructor(url: string | (() => string)) {
    this.url = typeof url === "string" ? () => url : url;
  }

  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.client && this.connectedUrl !== this.url()) await this.close();
    const client = await this.connect();
    try {
      return await client.query<R>(text, values);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("08")) this.client = undefined;
      throw error;
    }
  }

  private connect(): Promise<pg.Client> {
    this.client ??= (async () => {
      this.connectedUrl = this.url();
      const client = new pg.Client({ connectionString: this.connectedUrl, application_name: DIAGNOSTICS_APPLICATION_NAME, statement_timeout: 5_000 });
      client.on("error", () => {
        this.client = undefined;
      });
      try {
        await client.connect();
        return client;
      } catch (error) {
        if (isTooManyConnections(error)) this.tooManyConnectionsTotal++;
        this.client = undefined;
        throw error;
      }
    })();
    return this.client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.then((connected) => connected.end()).catch(() => {});
  }
}
