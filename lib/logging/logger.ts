import { logLevel } from "@/lib/env";

type Level = "debug" | "info" | "warn" | "error";
const LEVEL_ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export type LogFields = Record<string, unknown>;

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return { name: error.name, message: error.message, stack: error.stack, cause: serializeError(error.cause) };
}

/** Structured JSON lines on stdout: one object per event, machine-readable first. */
function write(level: Level, message: string, fields: LogFields = {}): void {
  if (LEVEL_ORDER[level] < LEVEL_ORDER[logLevel()]) return;
  const entry: LogFields = { time: new Date().toISOString(), level, msg: message, pid: process.pid };
  for (const [key, value] of Object.entries(fields)) entry[key] = key === "err" ? serializeError(value) : value;
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}

export const logger = {
  debug: (message: string, fields?: LogFields) => write("debug", message, fields),
  info: (message: string, fields?: LogFields) => write("info", message, fields),
  warn: (message: string, fields?: LogFields) => write("warn", message, fields),
  error: (message: string, fields?: LogFields) => write("error", message, fields),
};
