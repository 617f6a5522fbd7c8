import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_INTERVAL_MS = 50;
const FAST_SHUTDOWN_TIMEOUT_MS = 15_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

// An exited orphan stays a zombie until init reaps it, and this machine's init reaps only every
// second or so; signal 0 still succeeds on a zombie.
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** Blocks the thread: only for "exit" listeners, which cannot await. */
export function waitForProcessExitSync(pid: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    Atomics.wait(pause, 0, 0, 20);
  }
  return true;
}

/** The postmaster pid recorded in `<dataDir>/postmaster.pid`, if the file exists. */
export function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_INTERVAL_MS);
  }
  return true;
}

/**
 * Stops a postgres server we do not hold a handle for: SIGINT (fast shutdown: abort
 * transactions, checkpoint, exit), then SIGQUIT (immediate shutdown) if it hangs.
 */
export async function stopServerByPid(pid: number): Promise<void> {
  if (!signalProcess(pid, "SIGINT")) return;
  if (await waitForProcessExit(pid, FAST_SHUTDOWN_TIMEOUT_MS)) return;
  signalProcess(pid, "SIGQUIT");
  await waitForProcessExit(pid, FAST_SHUTDOWN_TIMEOUT_MS);
}

function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** The same escalation as `stopServerByPid`, for a server this process spawned. */
export async function stopChildServer(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGINT");
  const timer = new AbortController(); // a pending timer would keep the process alive
  const timedOut = sleep(FAST_SHUTDOWN_TIMEOUT_MS, "timeout" as const, { signal: timer.signal }).catch(() => "aborted" as const);
  const outcome = await Promise.race([exited, timedOut]);
  timer.abort();
  if (outcome !== "timeout") return;
  child.kill("SIGQUIT");
  await exited;
}
