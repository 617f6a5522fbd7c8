import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { DEMO_PASSWORD, DEMO_USERS } from "../prisma/seed/demo-data";
import { buildIfChanged } from "./build";
import { findFreePort, startEmbeddedCluster, type EmbeddedCluster } from "./embedded-cluster";
import { deployMigrations } from "./migrate";

/**
 * `npm start`: build when the sources changed, bring up the database (embedded primary +
 * replica unless DATABASE_URL is set), migrate, seed, serve. Ctrl-C stops the server and then
 * Postgres, in that order, and leaves no process behind.
 */
const { values: options } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    // A throw-away data directory and free ports: what the end-to-end tests start.
    ephemeral: { type: "boolean", default: false },
    "data-dir": { type: "string", default: ".data" },
  },
});

const root = process.cwd();
const startedAt = performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;

function authSecret(dataDir: string): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function startDatabase(dataDir: string): Promise<{ cluster?: EmbeddedCluster; env: Record<string, string> }> {
  if (process.env.DATABASE_URL) {
    say("database: external (DATABASE_URL)");
    return { env: {} };
  }
  const primaryPort = options.ephemeral ? await findFreePort() : Number(process.env.EMBEDDED_PG_PORT ?? 25432);
  const replicaPort = options.ephemeral ? await findFreePort() : primaryPort + 1;
  const cluster = await startEmbeddedCluster({ dataDir: join(dataDir, "postgres"), primaryPort, replicaPort, persistent: !options.ephemeral });
  say(`database: embedded primary on ${primaryPort}, streaming replica on ${replicaPort} (${elapsed()})`);
  return { cluster, env: { DATABASE_URL: cluster.primaryUrl, DATABASE_REPLICA_URLS: cluster.replicaUrl } };
}

async function migrateAndSeed(databaseUrl: string): Promise<void> {
  const applied = await deployMigrations(databaseUrl);
  say(`migrations: ${applied.length === 0 ? "up to date" : `applied ${applied.join(", ")}`}`);
  const { PrismaClient } = await import("../generated/prisma/client");
  const { seedDatabase } = await import("../prisma/seed/seed");
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    await seedDatabase(prisma);
  } finally {
    await prisma.$disconnect();
  }
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

function printWelcome(url: string): void {
  say("");
  say(`Agency Toolkit is ready at ${url}  (started in ${elapsed()})`);
  say(`Demo accounts (password "${DEMO_PASSWORD}"):`);
  for (const user of DEMO_USERS) {
    const roles = Object.entries(user.memberships).map(([tenant, role]) => `${role}@${tenant}`).join(", ");
    say(`  ${user.email.padEnd(24)} ${roles}`);
  }
  say("Press Ctrl-C to stop.");
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
    const serverEnv: Record<string, string> = {
      ...database.env,
      PORT: port,
      NODE_ENV: options.dev ? "development" : "production",
      BETTER_AUTH_SECRET: authSecret(dataDir),
      NEXT_TELEMETRY_DISABLED: "1",
    };
    await migrateAndSeed(serverEnv.DATABASE_URL ?? process.env.DATABASE_URL ?? "");
    server = spawnServer(serverEnv);
    server.once("exit", (code) => void shutdown(code ?? 1));
    await waitForHealth(url.replace("localhost", "127.0.0.1"), server);
    printWelcome(url);
  } catch (error) {
    process.stderr.write(`start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown(1);
  }
}

await main();
