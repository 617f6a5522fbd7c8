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
 */
export class DiagnosticsConnection implements Queryable {
  private client: Promise<pg.Client> | undefined;
  tooManyConnectionsTotal = 0;

  constructor(private readonly url: string) {}

  async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
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
      const client = new pg.Client({ connectionString: this.url, application_name: DIAGNOSTICS_APPLICATION_NAME, statement_timeout: 5_000 });
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
