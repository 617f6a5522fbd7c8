import type pg from "pg";

// The database roles (README "Database roles"). The app never connects as a superuser: a
// superuser can switch the audit log's triggers off (`session_replication_role = replica`) and
// rewrite its tail. Instead:
//  - the owner role runs the migrations and owns the tables, functions and triggers;
//  - the app role reads and writes rows, may only append to the audit log, and owns nothing in
//    `public` (so it can neither alter nor disable the audit triggers). It owns pg-boss's schema,
//    because pg-boss creates a table per queue, and holds what the ops features need: pg_monitor
//    (everyone's pg_stat_activity, pg_stat_replication, pg_locks), pg_signal_backend (cancel or
//    end a blocking session), and pg_promote / ALTER SYSTEM default_transaction_read_only /
//    pg_reload_conf for replica promotion and fencing (lib/db/promotion.ts, lib/db/fencing.ts).
// This file holds the superuser's part (once per cluster and per database); the owner's part,
// re-applied after every migration deploy, is lib/db/role-grants.ts.

/** A login role and its password. */
export type RoleLogin = { name: string; password: string };

export type DatabaseRoles = { owner: RoleLogin; app: RoleLogin };

export const DEFAULT_ROLE_NAMES = { owner: "agency_owner", app: "agency_app" } as const;

/** pg-boss's schema (lib/queue): owned by the app role, because pg-boss creates a table per queue. */
export const JOB_QUEUE_SCHEMA = "pgboss";

type Sql = Pick<pg.ClientBase, "query" | "escapeIdentifier" | "escapeLiteral">;

const DUPLICATE_OBJECT = "42710";

async function ensureLoginRole(client: Sql, role: RoleLogin): Promise<void> {
  const name = client.escapeIdentifier(role.name);
  const existing = await client.query("select 1 from pg_roles where rolname = $1", [role.name]);
  if (existing.rowCount === 0) {
    await client.query(`create role ${name}`).catch((error: { code?: string }) => {
      if (error.code !== DUPLICATE_OBJECT) throw error; // created by a concurrent start
    });
  }
  // Re-stated every time: a role created by hand with more rights is brought back to these.
  await client.query(`alter role ${name} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit password ${client.escapeLiteral(role.password)}`);
}

/**
 * As a superuser, once per cluster (roles are cluster-wide, and reach a streaming replica with
 * the WAL): creates or updates both login roles and the app role's cluster-wide rights.
 * Idempotent.
 */
export async function ensureClusterRoles(client: Sql, { owner, app }: DatabaseRoles): Promise<void> {
  await ensureLoginRole(client, owner);
  await ensureLoginRole(client, app);
  const appRole = client.escapeIdentifier(app.name);
  const ownerRole = client.escapeIdentifier(owner.name);
  const version = Number((await client.query<{ version: string }>("select current_setting('server_version_num') as version")).rows[0]!.version);
  await client.query(`grant pg_monitor, pg_signal_backend to ${appRole}`);
  await client.query(`grant alter system on parameter default_transaction_read_only to ${appRole}`);
  // The owner installs pg-boss's schema as the app role (lib/db/role-grants.ts), so it may SET
  // ROLE to it; without inheriting its rights, where PostgreSQL 16+ can say so.
  await client.query(version >= 160_000 ? `grant ${appRole} to ${ownerRole} with inherit false, set true` : `grant ${appRole} to ${ownerRole}`);
}

/**
 * As a superuser, connected to the app's database, once per database (idempotent): hands the
 * database and everything in `public` to the owner role, and pg-boss's schema to the app role
 * (both were the superuser's before these roles existed), grants the app role the promotion
 * functions (function rights live in each database), and creates pg_stat_statements when the
 * server preloads it (the app role may not create that extension itself).
 */
export async function prepareDatabaseForRoles(client: Sql, { owner, app }: DatabaseRoles): Promise<void> {
  const database = (await client.query<{ name: string }>("select current_database() as name")).rows[0]!.name;
  await client.query(`alter database ${client.escapeIdentifier(database)} owner to ${client.escapeIdentifier(owner.name)}`);
  await client.query(transferOwnershipSql(client, "public", owner.name));
  await client.query(transferOwnershipSql(client, JOB_QUEUE_SCHEMA, app.name));
  await client.query(`grant execute on function pg_promote(boolean, integer), pg_reload_conf() to ${client.escapeIdentifier(app.name)}`);
  const preload = await client.query<{ loaded: boolean }>("select 'pg_stat_statements' = any(string_to_array(current_setting('shared_preload_libraries'), ',')) as loaded");
  if (preload.rows[0]?.loaded) await client.query("create extension if not exists pg_stat_statements");
}

/**
 * Gives `newOwner` the schema (unless it is `public`, which belongs to the database owner) and
 * every table, view, sequence, function and type in it, except extension members and sequences
 * that follow their table.
 */
function transferOwnershipSql(client: Sql, schema: string, newOwner: string): string {
  const schemaLiteral = client.escapeLiteral(schema);
  const ownerLiteral = client.escapeLiteral(newOwner);
  const notInExtension = (catalog: string, oid: string) =>
    `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;
  return `DO $transfer$
DECLARE
  target_schema text := ${schemaLiteral};
  new_owner text := ${ownerLiteral};
  item record;
BEGIN
  IF to_regnamespace(target_schema) IS NULL THEN RETURN; END IF;
  IF target_schema <> 'public' THEN EXECUTE format('ALTER SCHEMA %I OWNER TO %I', target_schema, new_owner); END IF;
  FOR item IN
    SELECT c.oid::regclass::text AS name, CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
    FROM pg_class c
    WHERE c.relnamespace = to_regnamespace(target_schema) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND pg_get_userbyid(c.relowner) <> new_owner AND ${notInExtension("pg_class", "c.oid")}
      AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, new_owner);
  END LOOP;
  FOR item IN
    SELECT p.oid::regprocedure::text AS name, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END AS kind
    FROM pg_proc p
    WHERE p.pronamespace = to_regnamespace(target_schema) AND pg_get_userbyid(p.proowner) <> new_owner AND ${notInExtension("pg_proc", "p.oid")}
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, new_owner);
  END LOOP;
  FOR item IN
    SELECT t.oid::regtype::text AS name, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
    FROM pg_type t
    WHERE t.typnamespace = to_regnamespace(target_schema) AND t.typtype IN ('e', 'd', 'r', 'c')
      AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
      AND pg_get_userbyid(t.typowner) <> new_owner AND ${notInExtension("pg_type", "t.oid")}
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, new_owner);
  END LOOP;
END
$transfer$`;
}

/** `url` with another login (user and password), e.g. the app role's URL from the superuser's. */
export function withLogin(url: string, role: RoleLogin): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role.name);
  parsed.password = encodeURIComponent(role.password);
  return parsed.toString();
}
