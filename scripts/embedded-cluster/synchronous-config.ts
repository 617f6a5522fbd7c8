import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServerIdentity } from "./os-user";
import { REPLICA_APPLICATION_NAME, withAdminClient } from "./server-config";

/** `on`: the replica has flushed the commit to disk; `remote_apply`: it has also replayed it (visible to reads there). */
export type SynchronousCommit = "on" | "remote_apply";

// The synchronous settings live in a file postgresql.conf includes, not in `-c` flags: a flag
// would outrank ALTER SYSTEM, and the app's keeper (lib/db/synchronous-mode.ts) degrades to
// asynchronous with ALTER SYSTEM and restores by resetting it, falling back to this file.
const SYNCHRONOUS_CONF = "synchronous.conf";
const SYNC_WAIT_MS = 10_000;
const INCLUDE_LINE = `include_if_exists = '${SYNCHRONOUS_CONF}'`;

/**
 * Written before the primary starts: asynchronous until the replica streams, so a start (CREATE
 * DATABASE, a replica rebuild) never waits on a standby that is not there yet.
 */
export function writeAsynchronousConfig(primaryDir: string, identity: ServerIdentity | undefined): void {
  const conf = path.join(primaryDir, "postgresql.conf");
  if (!fs.readFileSync(conf, "utf8").includes(INCLUDE_LINE)) fs.appendFileSync(conf, `\n${INCLUDE_LINE}\n`);
  writeOwned(path.join(primaryDir, SYNCHRONOUS_CONF), "", identity);
}

/**
 * Once the replica streams: names it as the synchronous standby (or leaves the primary
 * asynchronous), drops a degrade the keeper left in postgresql.auto.conf, and reloads.
 */
export async function applySynchronousConfig(primaryDir: string, port: number, commit: SynchronousCommit | undefined, identity: ServerIdentity | undefined): Promise<void> {
  const settings = commit ? `synchronous_standby_names = '"${REPLICA_APPLICATION_NAME}"'\nsynchronous_commit = ${commit}\n` : "";
  writeOwned(path.join(primaryDir, SYNCHRONOUS_CONF), settings, identity);
  await withAdminClient(port, async (client) => {
    await client.query("alter system reset synchronous_standby_names");
    await client.query("select pg_reload_conf()");
    // The reload is a signal: wait until the walsender reports the standby synchronous.
    const deadline = Date.now() + SYNC_WAIT_MS;
    const query = "select 1 from pg_stat_replication where application_name = $1 and sync_state = 'sync'";
    while (commit && (await client.query(query, [REPLICA_APPLICATION_NAME])).rowCount === 0) {
      if (Date.now() > deadline) throw new Error(`the replica was not synchronous within ${SYNC_WAIT_MS} ms of naming it`);
      await sleep(50);
    }
  });
}

function writeOwned(file: string, content: string, identity: ServerIdentity | undefined): void {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  if (identity) fs.chownSync(temporary, identity.uid, identity.gid);
  fs.renameSync(temporary, file);
}
