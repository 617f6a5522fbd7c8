import type pg from "pg";
import PgBoss from "pg-boss";
import { JOB_QUEUE_SCHEMA } from "./roles";

/**
 * Tables the app role may read and append to, never change: no UPDATE, DELETE or TRUNCATE, so
 * only the owner (whose triggers refuse those too) or a superuser could rewrite them.
 */
export const APPEND_ONLY_TABLES = ["audit_entry", "audit_checkpoint"] as const;

type Sql = Pick<pg.ClientBase, "query" | "escapeIdentifier">;

/**
 * As the owner role, after every migration deploy (idempotent): the app role may read and write
 * the rows of every table in `public` (existing ones now, future ones through default
 * privileges), only read and append to the append-only tables, only read the migration history,
 * and pg-boss's schema exists and belongs to it.
 */
export async function grantAppRole(client: Sql, appRole: string): Promise<void> {
  const app = client.escapeIdentifier(appRole);
  const database = (await client.query<{ name: string }>("select current_database() as name")).rows[0]!.name;
  const existing = await client.query<{ name: string }>("select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname = any($1::text[])", [
    [...APPEND_ONLY_TABLES, "_prisma_migrations"],
  ]);
  const has = (table: string) => existing.rows.some((row) => row.name === table);
  const appendOnly = APPEND_ONLY_TABLES.filter(has).map((table) => client.escapeIdentifier(table));
  await client.query("begin");
  try {
    await client.query(`grant connect, temporary on database ${client.escapeIdentifier(database)} to ${app}`);
    await client.query(`grant usage on schema public to ${app}`);
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${app}`);
    await client.query(`grant usage, select, update on all sequences in schema public to ${app}`);
    await client.query(`alter default privileges in schema public grant select, insert, update, delete on tables to ${app}`);
    await client.query(`alter default privileges in schema public grant usage, select, update on sequences to ${app}`);
    if (appendOnly.length > 0) {
      await client.query(`revoke all on table ${appendOnly.join(", ")} from ${app}`);
      await client.query(`grant select, insert on table ${appendOnly.join(", ")} to ${app}`);
    }
    if (has("_prisma_migrations")) {
      await client.query(`revoke all on table "_prisma_migrations" from ${app}`);
      await client.query(`grant select on table "_prisma_migrations" to ${app}`);
    }
    await installJobQueueSchema(client, app, database);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/**
 * pg-boss creates its schema at start (`CREATE SCHEMA IF NOT EXISTS`, which needs CREATE on the
 * database even when the schema exists) and later a table per queue (so its tables must belong
 * to the role it runs as). Here it is created once, as the app role, with CREATE on the database
 * granted and revoked inside this one transaction: no other session ever sees the grant. Later
 * pg-boss versions migrate their own schema at start, which the app role, as its owner, may do.
 */
async function installJobQueueSchema(client: Sql, app: string, database: string): Promise<void> {
  const databaseName = client.escapeIdentifier(database);
  await client.query(`grant create on database ${databaseName} to ${app}`);
  await client.query(`set local role ${app}`);
  const { rows } = await client.query<{ installed: boolean }>(`select to_regclass('${JOB_QUEUE_SCHEMA}.version') is not null as installed`);
  if (!rows[0]?.installed) await client.query(withoutTransaction(PgBoss.getConstructionPlans(JOB_QUEUE_SCHEMA)));
  await client.query("reset role");
  await client.query(`revoke create on database ${databaseName} from ${app}`);
}

/** pg-boss wraps its plans in BEGIN/COMMIT; inside ours, its COMMIT would end ours early. */
function withoutTransaction(plans: string): string {
  const inner = /^\s*BEGIN;([\s\S]*)COMMIT;\s*$/.exec(plans)?.[1];
  if (inner === undefined) throw new Error("pg-boss's construction plans no longer come as BEGIN … COMMIT; check lib/db/role-grants.ts against this pg-boss version");
  return inner;
}
