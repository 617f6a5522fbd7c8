import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { removeDataDir, sourceOf } from "./data-dirs";
import { chownTree, type ServerIdentity } from "./os-user";
import { withAdminClient } from "./server-config";

/**
 * Directories whose contents a base backup leaves out (as pg_basebackup does): WAL comes from the
 * primary by streaming, and the rest is runtime state the standby recreates.
 */
const DIRS_COPIED_EMPTY = new Set(["pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans"]);
const FILES_NOT_COPIED = new Set(["postmaster.pid", "postmaster.opts"]);

/** The file whose presence marks a finished build; written last, so a half-built copy is rebuilt. */
const STANDBY_SIGNAL = "standby.signal";

type ReplicaBuild = { primaryDir: string; replicaDir: string; primaryPort: number; identity: ServerIdentity | undefined };

/**
 * A base backup without pg_basebackup (the package ships only postgres, initdb and pg_ctl):
 * a non-exclusive backup copies the live data dir, and the backup label from pg_backup_stop tells
 * the standby which WAL it must replay (streamed from the primary) before it is consistent.
 * primary_conninfo is not written here but passed at every start, so a changed port still works.
 */
export async function buildReplica({ primaryDir, replicaDir, primaryPort, identity }: ReplicaBuild): Promise<void> {
  removeDataDir(replicaDir, sourceOf(primaryDir), "rebuilding the replica");
  // pg_backup_start and pg_backup_stop must run in the same session; ending it aborts the backup.
  await withAdminClient(primaryPort, async (client) => {
    await client.query("select pg_backup_start('replica', true)");
    copyDataDir(primaryDir, replicaDir);
    const labels = await stopBackup(client);
    fs.writeFileSync(path.join(replicaDir, "backup_label"), labels.labelfile);
    if (labels.spcmapfile) fs.writeFileSync(path.join(replicaDir, "tablespace_map"), labels.spcmapfile);
  });
  chownTree(replicaDir, identity);
  fs.chmodSync(replicaDir, 0o700); // postgres refuses a data dir that others can read
  const signalFile = path.join(replicaDir, STANDBY_SIGNAL);
  fs.writeFileSync(signalFile, "");
  if (identity) fs.chownSync(signalFile, identity.uid, identity.gid);
}

export function isReplicaBuilt(replicaDir: string): boolean {
  return fs.existsSync(path.join(replicaDir, STANDBY_SIGNAL)) && fs.existsSync(path.join(replicaDir, "PG_VERSION"));
}

type BackupLabels = { labelfile: string; spcmapfile: string | null };

async function stopBackup(client: pg.Client): Promise<BackupLabels> {
  const result = await client.query<BackupLabels>("select labelfile, spcmapfile from pg_backup_stop(true)");
  const labels = result.rows[0];
  if (!labels) throw new Error("pg_backup_stop returned no backup label");
  return labels;
}

// The primary keeps running during the copy: a file can vanish between readdir and copy (temp
// files, dropped relations). Replaying WAL from the backup label recreates whatever matters.
function copyDataDir(from: string, to: string, isTopLevel = true): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(from, { withFileTypes: true });
  } catch (err) {
    if (isVanished(err)) return;
    throw err;
  }
  for (const entry of entries) {
    if (isTopLevel && FILES_NOT_COPIED.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory() && isTopLevel && DIRS_COPIED_EMPTY.has(entry.name)) fs.mkdirSync(target, { mode: 0o700 });
    else if (entry.isDirectory()) copyDataDir(source, target, false);
    else copyFileTolerantly(source, target);
  }
}

function copyFileTolerantly(from: string, to: string): void {
  try {
    fs.copyFileSync(from, to);
  } catch (err) {
    if (!isVanished(err)) throw err;
  }
}

function isVanished(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOENT";
}
