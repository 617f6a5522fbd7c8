import fs from "node:fs";
import path from "node:path";
import { removeDataDir } from "./data-dirs";
import type { LogSink } from "./log-sink";
import type { ServerIdentity } from "./os-user";
import { stopChildServer } from "./processes";
import { spawnAsServerUser, waitForOutput, waitForSuccess, type ServerProcess } from "./server-process";
import { APP_DATABASE, INITDB_BIN, POSTGRES_BIN, SUPERUSER, SUPERUSER_PASSWORD, sharedServerFlags, withAdminClient } from "./server-config";

const READY_LINE = "database system is ready to accept connections";
const START_TIMEOUT_MS = 60_000;
const REPLICATION_HBA_LINE = "host replication all 127.0.0.1/32 password";

type PrimaryOptions = {
  primaryDir: string;
  port: number;
  persistent: boolean;
  identity: ServerIdentity | undefined;
  sink: LogSink;
  /** More `-c` flags, e.g. read-only for a look at a dir before deciding its role. */
  extraFlags?: string[];
};

export function isInitialised(primaryDir: string): boolean {
  return fs.existsSync(path.join(primaryDir, "PG_VERSION"));
}

/** initdb with the superuser password, UTF-8, and replication connections allowed from localhost. */
export async function initialisePrimary({ primaryDir, persistent, identity, sink }: PrimaryOptions): Promise<void> {
  // A dir without PG_VERSION is an initdb that was killed half-way; initdb refuses non-empty dirs.
  removeDataDir(primaryDir, { timeline: 1, epoch: 0 }, "an unfinished initdb");
  // initdb runs as the server identity, so the password file must be readable by it.
  const passwordFile = path.join(path.dirname(primaryDir), "initdb-password");
  fs.writeFileSync(passwordFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  if (identity) fs.chownSync(passwordFile, identity.uid, identity.gid);
  try {
    const initdb = spawnAsServerUser(INITDB_BIN, [
      `--pgdata=${primaryDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${passwordFile}`,
      "--auth=password",
      "--encoding=UTF8",
      // PostgreSQL 17's built-in provider: Unicode-aware, and the same on every machine.
      "--locale=C",
      "--locale-provider=builtin",
      "--builtin-locale=C.UTF-8",
      ...(persistent ? [] : ["--no-sync"]),
    ], identity, sink);
    await waitForSuccess(initdb, "initdb of the embedded primary", sink);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
  fs.appendFileSync(path.join(primaryDir, "pg_hba.conf"), `\n${REPLICATION_HBA_LINE}\n`);
}

export async function startPrimaryServer({ primaryDir, port, persistent, identity, sink, extraFlags = [] }: PrimaryOptions): Promise<ServerProcess> {
  const server = spawnAsServerUser(POSTGRES_BIN, ["-D", primaryDir, "-p", String(port), ...sharedServerFlags(persistent), ...extraFlags], identity, sink);
  try {
    await waitForOutput(server, READY_LINE, START_TIMEOUT_MS);
  } catch (err) {
    await stopChildServer(server.child);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`The embedded primary ${reason}. Last log lines:\n${sink.tail()}`, { cause: err });
  }
  return server;
}

/** Idempotent, so a run killed between initdb and CREATE DATABASE heals on the next start. */
export async function ensureAppDatabase(port: number): Promise<void> {
  await withAdminClient(port, async (client) => {
    const existing = await client.query("select 1 from pg_database where datname = $1", [APP_DATABASE]);
    if (existing.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(APP_DATABASE)}`);
  });
}
