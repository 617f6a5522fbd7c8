import { ConflictError, NotFoundError, UnavailableError, type AppError } from "@/lib/http/errors";
import { FencedPrimaryError } from "./fencing";
import { PoolAcquireTimeoutError } from "./observed-pool";

/** Errors that mean "could not talk to the server", as opposed to "the server said no". */
const CONNECTION_PATTERNS = [
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /no .* database connection free within/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /server closed the connection unexpectedly|Connection ended unexpectedly/i,
  /terminating connection due to administrator command/i,
  /Can't reach database server/i,
];
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"]);

function* causeChain(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

function describe(error: unknown): { message: string; code?: string } {
  if (!error || typeof error !== "object") return { message: String(error) };
  const record = error as { message?: unknown; code?: unknown; originalCode?: unknown };
  const code = typeof record.originalCode === "string" ? record.originalCode : typeof record.code === "string" ? record.code : undefined;
  return { message: typeof record.message === "string" ? record.message : "", code };
}

export function isConnectionError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof PoolAcquireTimeoutError) return true;
    const { message, code } = describe(link);
    if ((code && CONNECTION_SQLSTATES.has(code)) || CONNECTION_PATTERNS.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/** No connection became free in time: the pool is busy (or a connect hung), not known to be down. */
export function isPoolExhausted(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof PoolAcquireTimeoutError) return true;
    const { message } = describe(link);
    if (/timeout exceeded when trying to connect|database connection free within/i.test(message)) return true;
  }
  return false;
}

/**
 * Turns database failures into the API's errors: an exhausted pool or an unreachable server is
 * a 503 with Retry-After (the client should come back), a unique violation a 409, a missing
 * row for an update a 404. Anything else stays unknown (500).
 */
export function toAppErrorFromDatabase(error: unknown): AppError | undefined {
  if ([...causeChain(error)].some((link) => link instanceof FencedPrimaryError || (link as { name?: unknown } | null)?.name === "FencedPrimaryError")) {
    return new UnavailableError("the database primary was replaced by a promoted replica; retry shortly", 5, { cause: error });
  }
  if (isPoolExhausted(error)) return new UnavailableError("the database is busy: no connection became free in time; retry shortly", 2, { cause: error });
  if (isConnectionError(error)) return new UnavailableError("the database cannot be reached right now; retry shortly", 5, { cause: error });
  const { code, message } = describe(error);
  if (code === "P2002") return new ConflictError(`already exists: ${message.split("\n").at(-1) ?? "unique constraint"}`, { cause: error });
  if (code === "P2025") return new NotFoundError("the record does not exist", { cause: error });
  return undefined;
}
