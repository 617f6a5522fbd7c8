import { randomBytes } from "node:crypto";
import pg from "pg";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { prepareDatabaseForRoles, withLogin } from "@/lib/db/roles";
import { deployMigrations } from "@/scripts/migrate";
import { withDatabaseName } from "@/scripts/migrator/migration-adapter";
import { createMigratedDatabase, type ScratchDatabase } from "./support/databases";

// The roles `npm start` sets up (README "Database roles"), on a database of this file's own,
// set up the way the in-process app's are: the owner migrated it and granted the app role.

const INSUFFICIENT_PRIVILEGE = "42501";

let scratch: ScratchDatabase;
const clients: pg.Client[] = [];

async function connect(url: string, applicationName = "db-roles-test"): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  client.on("error", () => {}); // sessions this file terminates on purpose
  await client.connect();
  clients.push(client);
  return client;
}

const asApp = () => connect(scratch.url);
const ownerUrl = () => withLogin(scratch.superuserUrl, inject("databaseRoles").owner);

async function refusal(client: pg.Client, sql: string): Promise<{ code?: string; message: string }> {
  const error = await client.query(sql).then(
    () => null,
    (failure: { code?: string; message: string }) => failure,
  );
  if (!error) throw new Error(`the app role was allowed: ${sql}`);
  return { code: error.code, message: error.message };
}

beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "db_roles", { asAppRole: true });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await scratch?.drop();
});

describe("the app role", () => {
  test("the app role cannot switch off the audit triggers", async () => {
    const app = await asApp();
    await app.query(`insert into audit_entry (id, "actorUserId", "actorEmail", action, target, "requestId") values (gen_random_uuid(), 'u', 'a@agency.test', 'test.append', 't:1', 'r1')`);

    // Each refused by PostgreSQL's privileges, before the append-only triggers are even asked.
    const refusals = {
      replicationRole: await refusal(app, "set session_replication_role = replica"),
      disableAll: await refusal(app, "alter table audit_entry disable trigger all"),
      disableOne: await refusal(app, "alter table audit_entry disable trigger audit_entry_append_only"),
      update: await refusal(app, "update audit_entry set target = 'rewritten'"),
      delete: await refusal(app, "delete from audit_entry"),
      truncate: await refusal(app, "truncate audit_entry"),
      newTrigger: await refusal(app, "create trigger sneaky before insert on audit_entry for each row execute function audit_entry_chain()"),
      becomeOwner: await refusal(app, `set role ${inject("databaseRoles").owner.name}`),
    };

    for (const failure of Object.values(refusals)) expect(failure.code).toBe(INSUFFICIENT_PRIVILEGE);
    expect(refusals.replicationRole.message).toBe('permission denied to set parameter "session_replication_role"');
    expect(refusals.disableAll.message).toBe("must be owner of table audit_entry");
    expect(refusals.disableOne.message).toBe("must be owner of table audit_entry");
    for (const failure of [refusals.update, refusals.delete, refusals.truncate, refusals.newTrigger]) expect(failure.message).toBe("permission denied for table audit_entry");
    expect(refusals.becomeOwner.message).toMatch(/permission denied to set role/);
    const { rows } = await app.query<{ count: number }>("select count(*)::int as count from audit_entry");
    expect(rows).toEqual([{ count: 1 }]);
  });

  test("it may only read and append to the checkpoints, and owns nothing in public", async () => {
    const app = await asApp();
    await app.query(`insert into audit_checkpoint (seq, hash, signature) values (1, repeat('a', 64), repeat('b', 64))`);

    for (const sql of ["update audit_checkpoint set hash = 'x'", "delete from audit_checkpoint", "truncate audit_checkpoint", "alter table audit_checkpoint disable trigger all", "create table sneaky (id int)"]) {
      expect((await refusal(app, sql)).code).toBe(INSUFFICIENT_PRIVILEGE);
    }
    const owned = await app.query("select c.relname from pg_class c join pg_roles r on r.oid = c.relowner where c.relnamespace = 'public'::regnamespace and r.rolname = current_user");
    expect(owned.rows).toEqual([]);
    const superuser = await app.query<{ rolsuper: boolean }>("select rolsuper from pg_roles where rolname = current_user");
    expect(superuser.rows).toEqual([{ rolsuper: false }]);
  });

  test("it has what the app needs: rows, sequences, LISTEN/NOTIFY, everyone's activity, signalling, promotion and fencing", async () => {
    const app = await asApp();
    const tenant = await app.query<{ id: string }>("insert into tenant (id, slug, name) values (gen_random_uuid(), $1, 'Roles test') returning id", [`roles-${randomBytes(4).toString("hex")}`]);
    await app.query("update tenant set name = 'Roles test, renamed' where id = $1", [tenant.rows[0]!.id]);
    await app.query("delete from tenant where id = $1", [tenant.rows[0]!.id]);
    await app.query("select nextval(pg_get_serial_sequence('workflow_execution_event', 'id'))");

    await app.query("listen roles_test");
    const notified = new Promise<string>((resolve) => app.once("notification", (message) => resolve(message.channel)));
    await (await asApp()).query("select pg_notify('roles_test', '')");
    expect(await notified).toBe("roles_test");

    // Another role's session: the app sees its query (pg_monitor) and may end it (pg_signal_backend).
    const owner = await connect(ownerUrl(), "db-roles-owner-session");
    const ownerPid = (await owner.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    await owner.query("select 'visible to pg_monitor' as marker");
    const activity = await app.query<{ query: string }>("select query from pg_stat_activity where pid = $1", [ownerPid]);
    expect(activity.rows[0]?.query).toContain("visible to pg_monitor");
    const replication = await app.query<{ state: string | null }>("select state from pg_stat_replication");
    expect(replication.rows.map((row) => row.state)).toContain("streaming");
    expect((await app.query("select pg_terminate_backend($1) as ended", [ownerPid])).rows).toEqual([{ ended: true }]);

    const rights = await app.query(`select has_function_privilege('pg_promote(boolean, integer)', 'execute') as promote,
      has_function_privilege('pg_reload_conf()', 'execute') as reload,
      has_parameter_privilege('default_transaction_read_only', 'alter system') as fence`);
    expect(rights.rows).toEqual([{ promote: true, reload: true, fence: true }]);
  });

  test("pg-boss runs as it: its schema is the app role's, and it creates queues (a table each)", async () => {
    const boss = new PgBoss({ connectionString: scratch.url, schema: "pgboss", max: 2 });
    boss.on("error", () => {});
    await boss.start();
    try {
      await boss.createQueue("roles-test");
      const id = await boss.send("roles-test", { hello: "world" });
      expect((await boss.fetch("roles-test"))?.[0]?.id).toBe(id);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const app = await asApp();
    const owner = await app.query("select nspowner::regrole::text as owner from pg_namespace where nspname = 'pgboss'");
    expect(owner.rows).toEqual([{ owner: inject("databaseRoles").app.name }]);
    const canCreateSchemas = await app.query("select has_database_privilege(current_database(), 'create') as allowed");
    expect(canCreateSchemas.rows).toEqual([{ allowed: false }]);
  });
});

describe("grants after a migration deploy", () => {
  test("are re-applied: a new table is the app role's to write, a revoked right comes back, the audit tables stay append-only", async () => {
    const owner = await connect(ownerUrl());
    await owner.query("create table roles_later (id int primary key)"); // what a later migration does
    await scratch.prisma.$executeRawUnsafe(`revoke select on tenant from ${inject("databaseRoles").app.name}`);

    await deployMigrations(ownerUrl(), { appRole: inject("databaseRoles").app.name });

    const app = await asApp();
    await app.query("insert into roles_later values (1)");
    expect((await app.query("select count(*)::int as count from tenant")).rows[0]).toBeDefined();
    const rights = await app.query<{ table: string; update: boolean; delete: boolean; truncate: boolean; insert: boolean }>(`
      select t as table, has_table_privilege(t, 'update') as update, has_table_privilege(t, 'delete') as delete,
             has_table_privilege(t, 'truncate') as truncate, has_table_privilege(t, 'insert') as insert
      from unnest(array['audit_entry', 'audit_checkpoint']) t`);
    expect(rights.rows).toEqual([
      { table: "audit_entry", update: false, delete: false, truncate: false, insert: true },
      { table: "audit_checkpoint", update: false, delete: false, truncate: false, insert: true },
    ]);
  });

  test("a database the superuser migrated before the roles existed is handed over: tables to the owner, pg-boss to the app role", async () => {
    const name = `db_roles_legacy_${randomBytes(6).toString("hex")}`;
    const admin = await connect(inject("databaseUrl"));
    await admin.query(`create database "${name}"`);
    try {
      const superuserUrl = withDatabaseName(inject("databaseUrl"), name);
      await deployMigrations(superuserUrl);
      const legacyBoss = new PgBoss({ connectionString: superuserUrl, schema: "pgboss", max: 1 });
      legacyBoss.on("error", () => {});
      await legacyBoss.start();
      await legacyBoss.createQueue("legacy");
      await legacyBoss.stop({ graceful: false, wait: true });

      const roles = inject("databaseRoles");
      const superuser = await connect(superuserUrl);
      await prepareDatabaseForRoles(superuser, roles);
      await superuser.end();
      await deployMigrations(withLogin(superuserUrl, roles.owner), { appRole: roles.app.name });

      const app = await connect(withLogin(superuserUrl, roles.app));
      const owners = await app.query<{ schema: string; owner: string }>(`
        select distinct n.nspname as schema, pg_get_userbyid(c.relowner) as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') order by 1`);
      expect(owners.rows).toEqual([
        { schema: "pgboss", owner: roles.app.name },
        { schema: "public", owner: roles.owner.name },
      ]);
      await app.query(`insert into audit_entry (id, "actorUserId", "actorEmail", action, target, "requestId") values (gen_random_uuid(), 'u', 'a@agency.test', 'test.append', 't:1', 'r1')`);
      const boss = new PgBoss({ connectionString: withLogin(superuserUrl, roles.app), schema: "pgboss", max: 1 });
      boss.on("error", () => {});
      await boss.start();
      await boss.createQueue("after-handover");
      await boss.stop({ graceful: false, wait: true });
      await app.end();
    } finally {
      await admin.query(`drop database if exists "${name}" with (force)`);
    }
  });
});
