import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogSink } from "./log-sink";
import type { ServerIdentity } from "./os-user";
import { hasExited } from "./processes";

const POLL_INTERVAL_MS = 50;
const OUTPUT_KEPT_CHARS = 64_000;

/** A spawned PostgreSQL program and what it has printed so far (to wait for, or diagnose, lines). */
export type ServerProcess = { child: ChildProcess; output: () => string };

/**
 * Runs one of the bundled binaries as the server identity (PostgreSQL refuses root). Output goes
 * to the sink; the English messages we wait for are forced with LC_MESSAGES=C.
 */
export function spawnAsServerUser(binary: string, args: string[], identity: ServerIdentity | undefined, sink: LogSink): ServerProcess {
  const child = spawn(binary, args, {
    ...(identity ? { uid: identity.uid, gid: identity.gid } : {}),
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const record = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    sink.write(text);
    output = (output + text).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on("data", record);
  child.stderr?.on("data", record);
  // Spawn failures (ENOENT, EACCES) arrive as an "error" event, possibly without an "exit".
  child.on("error", (err) => {
    sink.write(`[spawn error] ${err.message}`);
    output += `\n[spawn error] ${err.message}`;
  });
  return { child, output: () => output };
}

/** Waits for a program that should finish (initdb); rejects with its output when it fails. */
export async function waitForSuccess(program: ServerProcess, what: string, sink: LogSink): Promise<void> {
  const code = await new Promise<number | null>((resolve) => {
    program.child.once("close", resolve);
    program.child.once("error", () => resolve(null));
  });
  if (code !== 0) throw new Error(`${what} failed (exit code ${code}). Last log lines:\n${sink.tail()}`);
}

/**
 * Polls the output for `text`. `checkUsable` runs on every poll and throws to give up early, e.g.
 * when the process exited or logged an unrecoverable error.
 */
export async function waitForOutput(server: ServerProcess, text: string, timeoutMs: number, checkUsable = assertRunning): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes(text)) {
    checkUsable(server);
    if (Date.now() > deadline) throw new Error(`did not log "${text}" within ${timeoutMs} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}

export function assertRunning({ child }: ServerProcess): void {
  if (child.pid === undefined) throw new Error("could not be spawned (see the spawn error in the log)");
  if (hasExited(child)) throw new Error(`exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`);
}
