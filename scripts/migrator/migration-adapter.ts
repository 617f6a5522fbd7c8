import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createEnginePool } from "./char-as-text-client";

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * adapter-pg 7.10.1 as the schema engine needs it.
 *
 * Shadow databases (the engine replays the migration history into one to diff it). PrismaPg
 *  - builds the shadow pool as `{ ...config, database }`, but pg lets `connectionString`
 *    override `database`, so its "shadow" is the real database;
 *  - drops the shadow before closing the shadow pool, so the drop fails and the database stays.
 * Here each shadow database is created and dropped through a short-lived client of its own, and
 * dropped WITH (FORCE) so a pool the engine forgot to close cannot keep it alive.
 *
 * Migration scripts: see sendScriptsWhole.
 */
export class MigrationSafePrismaPg extends PrismaPg {
  private readonly openShadows = new Map<string, pg.Pool>();

  constructor(
    pool: pg.Pool,
    private readonly databaseUrl: string,
  ) {
    super(pool);
  }

  override async connect(): Promise<PgAdapter> {
    return sendScriptsWhole(await super.connect());
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    const database = `prisma_shadow_${randomUUID()}`;
    await runAdminStatement(this.databaseUrl, `CREATE DATABASE "${database}"`);
    const pool = createEnginePool(withDatabaseName(this.databaseUrl, database));
    this.openShadows.set(database, pool);

    const adapter = sendScriptsWhole(await new PrismaPg(pool).connect());
    const releaseAdapter = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await releaseAdapter();
      await this.dropShadow(database);
    };
    return adapter;
  }

  /** Drops shadows the engine did not dispose of, e.g. when replaying a migration failed. */
  async dropRemainingShadows(): Promise<void> {
    for (const database of [...this.openShadows.keys()]) await this.dropShadow(database);
  }

  private async dropShadow(database: string): Promise<void> {
    const pool = this.openShadows.get(database);
    if (!pool) return;
    this.openShadows.delete(database);
    await pool.end();
    await runAdminStatement(this.databaseUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

/**
 * PrismaPg's executeScript splits a migration on every `;` and runs the pieces one by one, which
 * breaks on a `;` inside a string literal or a function body, and leaves a failed migration
 * half-applied. Sent as one parameterless query instead (pg's simple query protocol), PostgreSQL
 * runs the whole script in one implicit transaction, as the native engine does. executeRaw keeps
 * the adapter's own error mapping.
 */
function sendScriptsWhole(adapter: PgAdapter): PgAdapter {
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/** Returns the connection string with its database (the URL path) replaced. */
export function withDatabaseName(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

// CREATE/DROP DATABASE cannot run inside a transaction or share the pool being dropped, hence a
// plain client connected to the main database just for the statement.
async function runAdminStatement(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
