import type { DiagnoseMigrationHistoryOutput, DiffTarget } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { grantAppRole } from "../../lib/db/role-grants";
import { NO_EXTERNAL_ENTITIES, withSchemaEngine } from "./engine";
import { readMigrationList, toMigrationName, writeMigration } from "./migrations-dir";
import { MIGRATIONS_DIR, readPrismaSchema } from "./project-files";

export type DeployOptions = {
  /**
   * The role the app connects with (README "Database roles"): after the migrations, its rights
   * are re-applied, so tables a migration added are covered. `databaseUrl` is then the owner's.
   */
  appRole?: string;
};

/**
 * Applies the migrations in prisma/migrations that the database has not seen yet and returns
 * their names (empty when it was up to date). Records them in `_prisma_migrations`, exactly as
 * `prisma migrate deploy` would. Closes its connections; never exits the process.
 */
export async function deployMigrations(databaseUrl: string, options: DeployOptions = {}): Promise<string[]> {
  const [schema, migrationsList] = await Promise.all([readPrismaSchema(), readMigrationList(MIGRATIONS_DIR)]);
  const output = await withSchemaEngine(databaseUrl, schema, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_EXTERNAL_ENTITIES }),
  );
  if (options.appRole) await grantToAppRole(databaseUrl, options.appRole);
  return output.appliedMigrationNames;
}

async function grantToAppRole(databaseUrl: string, appRole: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await grantAppRole(client, appRole);
  } finally {
    await client.end();
  }
}

/** Compares the database's `_prisma_migrations` with prisma/migrations, without a shadow database. */
export async function diagnoseMigrations(databaseUrl: string): Promise<DiagnoseMigrationHistoryOutput> {
  const [schema, migrationsList] = await Promise.all([readPrismaSchema(), readMigrationList(MIGRATIONS_DIR)]);
  return withSchemaEngine(databaseUrl, schema, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_EXTERNAL_ENTITIES }),
  );
}

/** One line per problem in a diagnosis; empty when the history is clean. */
export function describeMigrationProblems(diagnosis: DiagnoseMigrationHistoryOutput): string[] {
  const problems: string[] = [];
  const { history, failedMigrationNames, editedMigrationNames } = diagnosis;
  if (history?.diagnostic === "databaseIsBehind") {
    problems.push(`database is behind; not yet applied: ${history.unappliedMigrationNames.join(", ")}`);
  } else if (history?.diagnostic === "migrationsDirectoryIsBehind") {
    problems.push(`database has migrations that prisma/migrations lacks: ${history.unpersistedMigrationNames.join(", ")}`);
  } else if (history?.diagnostic === "historiesDiverge") {
    problems.push(
      `histories diverge after ${history.lastCommonMigrationName ?? "the first migration"}; ` +
        `only in the database: ${history.unpersistedMigrationNames.join(", ") || "none"}; ` +
        `only in prisma/migrations: ${history.unappliedMigrationNames.join(", ") || "none"}`,
    );
  }
  if (failedMigrationNames.length > 0) problems.push(`failed migrations: ${failedMigrationNames.join(", ")}`);
  if (editedMigrationNames.length > 0) {
    problems.push(`migrations edited after they were applied: ${editedMigrationNames.join(", ")}`);
  }
  return problems;
}

/**
 * The SQL that takes a database from the migration history to prisma/schema.prisma, or null when
 * they match. The engine's own createMigration needs a shadow database factory the Wasm build
 * lacks, so this is a `diff` whose source is the history replayed into a shadow database.
 */
export async function diffMigrationsToSchema(databaseUrl: string): Promise<string | null> {
  const [schema, migrationsList] = await Promise.all([readPrismaSchema(), readMigrationList(MIGRATIONS_DIR)]);
  const from: DiffTarget =
    migrationsList.migrationDirectories.length === 0 ? { tag: "empty" } : { tag: "migrations", ...migrationsList };
  const diff = await withSchemaEngine(databaseUrl, schema, (engine) =>
    engine.diff({ from, to: { tag: "schemaDatamodel", files: [schema] }, script: true, exitCode: true, filters: NO_EXTERNAL_ENTITIES }),
  );
  // With exitCode set, the engine answers 2 when the two sides differ and 0 when they don't.
  return diff.exitCode === 2 && diff.stdout ? diff.stdout : null;
}

/** Writes the migration diffMigrationsToSchema finds; returns its directory name, or null when there is none. */
export async function createMigration(databaseUrl: string, requestedName: string, createdAt: Date): Promise<string | null> {
  const name = toMigrationName(requestedName);
  if (name === "") throw new Error(`"${requestedName}" is not a usable migration name; use letters, digits and _`);
  const sql = await diffMigrationsToSchema(databaseUrl);
  return sql === null ? null : writeMigration(MIGRATIONS_DIR, name, sql, createdAt);
}
