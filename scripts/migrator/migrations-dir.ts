import path from "node:path";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import type { MigrationDirectory, MigrationList } from "@prisma/schema-engine-wasm";

const LOCKFILE_NAME = "migration_lock.toml";
const MIGRATION_FILE_NAME = "migration.sql";
const LOCKFILE_CONTENT = 'provider = "postgresql"\n';

/** Loads prisma/migrations the way the Prisma CLI hands it to the schema engine. */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(emptyWhenMissing);
  // Directory names start with a UTC timestamp, so name order is application order.
  const directoryNames = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE_NAME, content: await readOptionalFile(path.join(migrationsDir, LOCKFILE_NAME)) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(directoryNames.map((name) => readMigrationDirectory(migrationsDir, name))),
  };
}

async function readMigrationDirectory(migrationsDir: string, name: string): Promise<MigrationDirectory> {
  const filePath = path.join(migrationsDir, name, MIGRATION_FILE_NAME);
  const content = await readFile(filePath, "utf8").then(
    (sql) => ({ tag: "ok" as const, value: sql }),
    (error: unknown) => ({ tag: "error" as const, value: `cannot read ${filePath}: ${String(error)}` }),
  );
  return { path: name, migrationFile: { path: MIGRATION_FILE_NAME, content } };
}

/** Writes `<yyyymmddhhmmss>_<name>/migration.sql` (and the lockfile if missing); returns the directory name. */
export async function writeMigration(migrationsDir: string, name: string, sql: string, createdAt: Date): Promise<string> {
  const directoryName = `${formatMigrationTimestamp(createdAt)}_${name}`;
  await mkdir(path.join(migrationsDir, directoryName), { recursive: true });
  await writeFile(path.join(migrationsDir, directoryName, MIGRATION_FILE_NAME), sql, { flag: "wx" });
  const lockfilePath = path.join(migrationsDir, LOCKFILE_NAME);
  if ((await readOptionalFile(lockfilePath)) === null) await writeFile(lockfilePath, LOCKFILE_CONTENT);
  return directoryName;
}

/** Prisma's migration prefix: the UTC time as yyyymmddhhmmss. */
export function formatMigrationTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Prisma's rule for the name part: lower case, anything else than [a-z0-9_] becomes `_`. */
export function toMigrationName(input: string): string {
  return input.trim().toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
}

async function readOptionalFile(filePath: string): Promise<string | null> {
  return readFile(filePath, "utf8").catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
}

function emptyWhenMissing(error: unknown): [] {
  if (isNotFound(error)) return [];
  throw error;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT";
}
