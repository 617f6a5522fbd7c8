import fs from "node:fs";
import path from "node:path";
import { isProcessAlive, readPostmasterPid, stopServerByPid } from "./processes";

/**
 * The node process that started the servers of a data dir. A server whose parent is no longer
 * this process was orphaned by a killed run (`kill -9`, OOM): nobody will ever stop it.
 */
export function recordOwner(dataDir: string): void {
  fs.writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
}

function ownerFile(dataDir: string): string {
  return path.join(dataDir, "owner.pid");
}

function readOwnerPid(dataDir: string): number | undefined {
  try {
    return Number.parseInt(fs.readFileSync(ownerFile(dataDir), "utf8"), 10);
  } catch {
    return undefined;
  }
}

/**
 * Makes `<serverDir>/postmaster.pid` safe to start on, after a run that did not shut down cleanly:
 * - the pid is gone, or now belongs to an unrelated process (pids are reused after a reboot or in
 *   a fresh container): remove the file. PostgreSQL refuses to start if the recorded pid is alive
 *   and signalable, e.g. when it is now the pid of the *other* server of this cluster.
 * - a server of a killed run still holds the dir: stop it, it is an orphan.
 * - a live cluster holds the dir: refuse, with an explanation.
 */
export async function clearStaleLock(dataDir: string, serverDir: string, log: (line: string) => void): Promise<void> {
  const pid = readPostmasterPid(serverDir);
  if (pid === undefined) return;
  if (!isProcessAlive(pid) || !isPostmasterOf(pid, serverDir)) {
    fs.rmSync(path.join(serverDir, "postmaster.pid"), { force: true });
    log(`removed stale ${serverDir}/postmaster.pid (pid ${pid} is not its server)`);
    return;
  }
  const ownerPid = readOwnerPid(dataDir);
  if (ownerPid === undefined || readParentPid(pid) === ownerPid) {
    throw new Error(`${serverDir} is in use by a running postgres (pid ${pid}); stop the cluster that owns it first`);
  }
  log(`stopping orphaned postgres (pid ${pid}) left behind by a killed run`);
  await stopServerByPid(pid);
}

function isPostmasterOf(pid: number, serverDir: string): boolean {
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return true; // cannot tell: assume the worst and keep the lock
  }
  const dataDirArg = args[args.indexOf("-D") + 1];
  return args.includes("-D") && dataDirArg !== undefined && path.resolve(dataDirArg) === path.resolve(serverDir);
}

function readParentPid(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}
