import fs from "node:fs";

type ServerName = "cluster" | "primary" | "replica";

/** Where one server's output goes: a file under the data dir, or the caller's `log` function. */
export type LogSink = {
  write(chunk: string): void;
  /** The last lines written, for error messages when a server fails to start. */
  tail(): string;
  close(): void;
};

const TAIL_LINES = 40;
// A persistent cluster appends to the same files on every start; keep one previous generation.
const MAX_LOG_BYTES = 10 * 1024 * 1024;

export function createLogSink(server: ServerName, filePath: string, log?: (line: string) => void): LogSink {
  const recentLines: string[] = [];
  let isClosed = false;
  if (!log) rotateIfLarge(filePath);

  function write(chunk: string): void {
    if (isClosed) return;
    const lines = chunk.split("\n").filter((line) => line.trim() !== "");
    recentLines.push(...lines);
    recentLines.splice(0, Math.max(0, recentLines.length - TAIL_LINES));
    if (log) {
      for (const line of lines) log(`[${server}] ${line}`);
      return;
    }
    // Best effort: a late line from a dying server must never crash the process (the data dir
    // may already be gone when `persistent: false`).
    try {
      fs.appendFileSync(filePath, chunk.endsWith("\n") ? chunk : `${chunk}\n`);
    } catch {
      isClosed = true;
    }
  }

  return {
    write,
    tail: () => recentLines.map((line) => `  ${line}`).join("\n"),
    close: () => {
      isClosed = true;
    },
  };
}

function rotateIfLarge(filePath: string): void {
  try {
    if (fs.statSync(filePath).size > MAX_LOG_BYTES) fs.renameSync(filePath, `${filePath}.1`);
  } catch {
    // No log yet.
  }
}
