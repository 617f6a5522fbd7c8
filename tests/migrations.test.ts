import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import pg from "pg";
import { afterAll, describe, expect, inject, test } from "vitest";
import { deployMigrations } from "@/scripts/migrate";
import { describeMigrationProblems, diagnoseMigrations, diffMigrationsToSchema } from "@/scripts/migrator/commands";
import { MIGRATIONS_DIR } from "@/scripts/migrator/project-files";
import { withDatabaseName } from "@/scripts/migrator/migration-adapter";

// Each test gets an empty database of its own, on the embedded server the global setup started
// and on the machine's PostgreSQL when one is given, so the tests neither see nor disturb any
// other database there.
const SERVERS = [
  { name: "embedded PostgreSQL", url: inject("databaseUrl") },
  ...(inject("externalDatabaseUrl") ? [{ name: "external PostgreSQL", url: inject("externalDatabaseUrl") }] : []),
];
const createdDatabases: { serverUrl: string; name: string }[] = [];

async function onServer<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function createEmptyDatabase(serverUrl: string): Promise<string> {
  const name = `mig_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  createdDatabases.push({ serverUrl, name });
  return withDatabaseName(serverUrl, name);
}

async function listMigrationDirectories(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function listShadowDatabases(serverUrl: string): Promise<string[]> {
  const result = await onServer(serverUrl, (client) =>
    client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'"),
  );
  return result.rows.map((row) => row.datname);
}

afterAll(async () => {
  for (const { serverUrl, name } of createdDatabases) {
    await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
});

describe.each(SERVERS)("scripts/migrate.ts on $name", ({ url: serverUrl }) => {
  test("applies every migration to an empty database", async () => {
    const databaseUrl = await createEmptyDatabase(serverUrl);
    const migrationNames = await listMigrationDirectories();

    expect(migrationNames.length).toBeGreaterThan(0);
    expect(await deployMigrations(databaseUrl)).toEqual(migrationNames);
  });

  test("a second deploy is a no-op", async () => {
    const databaseUrl = await createEmptyDatabase(serverUrl);
    await deployMigrations(databaseUrl);

    expect(await deployMigrations(databaseUrl)).toEqual([]);
  });

  test("status reports an empty database as behind by every migration", async () => {
    const databaseUrl = await createEmptyDatabase(serverUrl);

    const problems = describeMigrationProblems(await diagnoseMigrations(databaseUrl));

    expect(problems).toEqual([`database is behind; not yet applied: ${(await listMigrationDirectories()).join(", ")}`]);
  });

  test("status reports a clean history", async () => {
    const databaseUrl = await createEmptyDatabase(serverUrl);
    await deployMigrations(databaseUrl);

    const diagnosis = await diagnoseMigrations(databaseUrl);

    expect(diagnosis.hasMigrationsTable).toBe(true);
    expect(describeMigrationProblems(diagnosis)).toEqual([]);
  });

  test("the migrations reproduce prisma/schema.prisma exactly and leave no shadow database", async () => {
    const databaseUrl = await createEmptyDatabase(serverUrl);
    const shadowsBefore = await listShadowDatabases(serverUrl);

    expect(await diffMigrationsToSchema(databaseUrl)).toBeNull();
    expect(await listShadowDatabases(serverUrl)).toEqual(shadowsBefore);
  });
});
