import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { DEFAULT_ROLE_NAMES } from "../lib/db/roles";
import { parseSynchronousEnv } from "../lib/env";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed/demo-data";
import { chooseStartSeed, type StartSeed } from "../prisma/seed/start-seed";
import { buildIfChanged } from "./build";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "./embedded-cluster";
import { setUpDatabaseRoles } from "./embedded-cluster/database-roles";
import { deployMigrations } from "./migrate";

/**
 * `npm start`: build when the sources changed, bring up the database (embedded primary +
 * replica unless DATABASE_URL is set), migrate, seed, serve. Ctrl-C stops the server and then
 * Postgres, in that order, and leaves no process behind. The embedded database's superuser only
 * sets up the roles (README "Database roles"): migrations run as the owner role, the app as the
 * app role.
 */
const { values: options } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    // A throw-away data directory and free ports: what the end-to-end tests start.
    ephemeral: { type: "boolean", default: false },
    "data-dir": { type: "string", default: ".data" },
    // Demo tenants and accounts on an external database too (the embedded one always has them).
    demo: { type: "boolean", default: false },
  },
});

const root = process.cwd();
const startedAt = performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;

/** A generated secret kept in the data dir (0600), the same on every start. */
function readOrCreateSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

type Database = {
  cluster?: EmbeddedCluster;
  /** DATABASE_URL and DATABASE_REPLICA_URLS for the server, when we chose them. */
  env: Record<string, string>;
  /** Runs the migrations: the owner role's URL, or DATABASE_URL itself for an external database without DATABASE_OWNER_URL. */
  migrationUrl: string;
  /** Whose rights the migrations re-apply; none when DATABASE_URL migrates itself. */
  appRole?: string;
  appUrl: string;
};

async function startDatabase(dataDir: string): Promise<Database> {
  const externalUrl = process.env.DATABASE_URL;
  if (externalUrl) {
    // DATABASE_OWNER_URL: migrate as the owner and grant DATABASE_URL's role its rights;
    // without it DATABASE_URL migrates (an owner or superuser), or, as the app role, finds
    // nothing to apply.
    const ownerUrl = process.env.DATABASE_OWNER_URL;
    say(`database: external (DATABASE_URL${ownerUrl ? ", migrated as DATABASE_OWNER_URL" : ""})`);
    return { env: {}, migrationUrl: ownerUrl ?? externalUrl, appRole: ownerUrl ? decodeURIComponent(new URL(externalUrl).username) : undefined, appUrl: externalUrl };
  }
  const primaryPort = options.ephemeral ? await findFreePort() : Number(process.env.EMBEDDED_PG_PORT ?? 25432);
  const replicaPort = options.ephemeral ? await findFreePort() : primaryPort + 1;
  const synchronous = parseSynchronousEnv(process.env);
  const synchronousCommit = synchronous.DB_SYNCHRONOUS_REPLICA ? synchronous.DB_SYNCHRONOUS_COMMIT : undefined;
  const cluster = await startEmbeddedCluster({ dataDir: join(dataDir, "postgres"), primaryPort, replicaPort, persistent: !options.ephemeral, synchronousCommit });
  const mode = synchronousCommit ? `synchronous (${synchronousCommit}${synchronous.DB_SYNCHRONOUS_STRICT ? ", strict" : ""})` : "asynchronous";
  say(`database: embedded primary on ${primaryPort}, streaming replica on ${replicaPort}, ${mode} (${elapsed()})`);
  try {
    const roles = {
      owner: { name: DEFAULT_ROLE_NAMES.owner, password: readOrCreateSecret(dataDir, "db-owner-password") },
      app: { name: DEFAULT_ROLE_NAMES.app, password: readOrCreateSecret(dataDir, "db-app-password") },
    };
    const urls = await setUpDatabaseRoles(cluster, roles);
    return { cluster, env: { DATABASE_URL: urls.appUrl, DATABASE_REPLICA_URLS: urls.appReplicaUrl }, migrationUrl: urls.ownerUrl, appRole: roles.app.name, appUrl: urls.appUrl };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

async function migrateAndSeed(database: Database, seed: StartSeed): Promise<void> {
  const applied = await deployMigrations(database.migrationUrl, { appRole: database.appRole });
  say(`migrations: ${applied.length === 0 ? "up to date" : `applied ${applied.join(", ")}`}`);
  const { PrismaClient } = await import("../generated/prisma/client");
  const { seedOnStart } = await import("../prisma/seed/seed");
  // As the app role: the seed writes rows only, like the app.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.appUrl }) });
  try {
    await seedOnStart(prisma, seed);
  } finally {
    await prisma.$disconnect();
  }
  say(`seed: ${seed.demo ? "demo tenants and accounts" : "no demo data"} (${seed.reason})`);
}

/** Only this machine reaches a loopback address: no one in between can read a cookie sent there. */
function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && (hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname));
}

/**
 * The settings that let the production build run as `npm start` runs it: a demo may keep its
 * public demo password, and plain http is allowed for a loopback APP_URL (README "Production
 * checks"). Anything else meets the production checks in full.
 */
function productionExemptions(url: string, seed: StartSeed): Record<string, string> {
  const exemptions: Record<string, string> = {};
  if (seed.demo) exemptions.DEMO_MODE = "true";
  if (isLoopbackHttp(url) && !process.env.ALLOW_INSECURE_COOKIES) {
    exemptions.ALLOW_INSECURE_COOKIES = "true";
    say(`cookies: not Secure (ALLOW_INSECURE_COOKIES=true for ${url}, which only this machine reaches)`);
  }
  return exemptions;
}

function spawnServer(env: Record<string, string>): ChildProcess {
  const [command, args] = options.dev ? ["npx", ["tsx", "server.ts"]] : ["node", ["dist/server.js"]];
  return spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
}

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error("the server did not become healthy within 60 s");
}

function printWelcome(url: string, seed: StartSeed): void {
  say("");
  say(`Agency Toolkit is ready at ${url}  (started in ${elapsed()})`);
  if (seed.demo) printDemoAccounts();
  else say("No demo accounts were seeded: sign in with this database's own accounts (`npm start -- --demo` adds the demo ones).");
  say(`Metrics: GET ${url}/api/metrics with "Authorization: Bearer <token>" (the token is in ${options.ephemeral ? "the data dir" : `${options["data-dir"]}/metrics-token`}, or METRICS_TOKEN)`);
  say("Press Ctrl-C to stop.");
}

function printDemoAccounts(): void {
  say(`Demo accounts (password "${DEMO_PASSWORD}"):`);
  for (const user of DEMO_USERS) {
    const tenantRoles = Object.entries(user.memberships).map(([tenant, role]) => `${role}@${tenant}`);
    const roles = [...(user.platformRole ? [`platform ${user.platformRole}`] : []), ...tenantRoles].join(", ");
    say(`  ${user.email.padEnd(24)} ${roles}`);
  }
}

async function main(): Promise<void> {
  const dataDir = options.ephemeral ? mkdtempSync(join(tmpdir(), "agency-ephemeral-")) : resolve(root, options["data-dir"]);
  mkdirSync(dataDir, { recursive: true });
  if (!options.dev && (await buildIfChanged(root))) say(`build: done (${elapsed()})`);

  const database = await startDatabase(dataDir);
  let server: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((done) => server?.once("exit", done));
    }
    await database.cluster?.stop();
    if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    const port = process.env.PORT ?? "3000";
    const url = process.env.APP_URL ?? `http://localhost:${port}`;
    const seed = chooseStartSeed({ externalDatabase: !database.cluster, demoRequested: options.demo });
    const serverEnv: Record<string, string> = {
      ...database.env,
      PORT: port,
      NODE_ENV: options.dev ? "development" : "production",
      BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET || readOrCreateSecret(dataDir, "auth-secret"),
      // Next to the auth secret, outside the database: a superuser there cannot re-sign the log.
      AUDIT_HEAD_KEY: process.env.AUDIT_HEAD_KEY || readOrCreateSecret(dataDir, "audit-head-key"),
      // Encrypts workflow steps' secret headers; kept beside the data, never in the database.
      WORKFLOW_SECRETS_KEY: process.env.WORKFLOW_SECRETS_KEY || readOrCreateSecret(dataDir, "workflow-secrets-key"),
      // Production requires one: /api/metrics and the readiness details are for operators only.
      METRICS_TOKEN: process.env.METRICS_TOKEN || readOrCreateSecret(dataDir, "metrics-token"),
      // Beside the database, not in it: a promotion's break-glass state must outlive the primary.
      BREAK_GLASS_DIR: process.env.BREAK_GLASS_DIR || join(dataDir, "break-glass"),
      NEXT_TELEMETRY_DISABLED: "1",
      ...(options.dev ? {} : productionExemptions(url, seed)),
    };
    await migrateAndSeed(database, seed);
    server = spawnServer(serverEnv);
    server.once("exit", (code) => void shutdown(code ?? 1));
    await waitForHealth(url.replace("localhost", "127.0.0.1"), server);
    printWelcome(url, seed);
  } catch (error) {
    process.stderr.write(`start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
  }
}

await main();
