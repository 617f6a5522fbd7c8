import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createMigration, deployMigrations, describeMigrationProblems, diagnoseMigrations } from "./migrator/commands";
import { displayPath, MIGRATIONS_DIR } from "./migrator/project-files";

export { deployMigrations } from "./migrator/commands";

// Offline replacement for `prisma migrate deploy|status|dev --create-only`: the Prisma CLI needs a
// native schema engine it cannot download here, so this drives the Wasm engine through adapter-pg.
const USAGE = `usage: tsx scripts/migrate.ts <command>
  deploy          apply pending migrations from prisma/migrations; with DATABASE_APP_ROLE set
                  (DATABASE_URL then being the owner role's), re-apply that role's rights after
  status          check the database against prisma/migrations (exit 1 when it is not clean)
  create <name>   write a migration from the migration history to prisma/schema.prisma`;

class UsageError extends Error {}

async function runCommand(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === "deploy") return runDeploy(readDatabaseUrl(), process.env.DATABASE_APP_ROLE || undefined);
  if (command === "status") return runStatus(readDatabaseUrl());
  if (command === "create") {
    if (rest.length !== 1 || !rest[0]) throw new UsageError("create takes exactly one migration name");
    return runCreate(readDatabaseUrl(), rest[0]);
  }
  throw new UsageError(command ? `unknown command "${command}"` : "no command given");
}

async function runDeploy(databaseUrl: string, appRole: string | undefined): Promise<number> {
  const applied = await deployMigrations(databaseUrl, { appRole });
  console.log(applied.length === 0 ? "no pending migrations" : applied.map((name) => `applied ${name}`).join("\n"));
  if (appRole) console.log(`granted ${appRole} its rights`);
  return 0;
}

async function runStatus(databaseUrl: string): Promise<number> {
  const problems = describeMigrationProblems(await diagnoseMigrations(databaseUrl));
  if (problems.length === 0) {
    console.log("migration history is clean: every migration in prisma/migrations is applied");
    return 0;
  }
  for (const problem of problems) console.error(problem);
  return 1;
}

async function runCreate(databaseUrl: string, name: string): Promise<number> {
  const directoryName = await createMigration(databaseUrl, name, new Date());
  console.log(
    directoryName === null
      ? "no schema changes"
      : `created ${displayPath(path.join(MIGRATIONS_DIR, directoryName, "migration.sql"))}`,
  );
  return 0;
}

// create needs a server for its shadow database too, so every command wants the URL.
function readDatabaseUrl(): string {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set; point it at the PostgreSQL database to migrate");
  return databaseUrl;
}

function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\n\n${USAGE}`;
  return error instanceof Error ? error.message : String(error);
}

function isRunAsScript(): boolean {
  const scriptPath = process.argv[1];
  // realpath: import.meta.url is resolved through symlinks, argv[1] is what the user typed.
  return scriptPath !== undefined && realpathSync(path.resolve(scriptPath)) === fileURLToPath(import.meta.url);
}

// Only when run as a script: the test setup and the start supervisor import deployMigrations.
if (isRunAsScript()) {
  const exitCode = await runCommand(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`migrate: ${describeFailure(error)}`);
    return 1;
  });
  // The engine closes what it opens, but a pool or timer left behind by adapter-pg or the Wasm
  // engine has held finished runs open for ~10 s before; a CLI should end when its work does.
  process.exit(exitCode);
}
