import { ConflictError, NotFoundError, UnavailableError, type AppError } from "@/lib/http/errors";
import { FencedPrimaryError } from "./fencing";
import { PoolAcquireTimeoutError } from "./observed-pool";

/** Errors that mean "could not talk to the server", as opposed to "the server said no". */
const CONNECTION_PATTERNS = [
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/,
  /Connection terminated/i,
  // pg's client after its connection broke, or once closed, when it is asked again.
  /Client has encountered a connection error and is not queryable|Client was closed and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /no .* database connection free within/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /server closed the connection unexpectedly|Connection ended unexpectedly/i,
  /terminating connection due to administrator command/i,
  /Can't reach database server/i,
  /sorry, too many clients already|remaining connection slots are reserved/i,
];
/**
 * SQLSTATEs of a lost or refused connection: admin/crash/fast shutdown (57P01/57P02), starting
 * up (57P03), class 08 (connection exception), and too many connections (53300).
 */
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004", "53300"]);
/**
 * Prisma 7's codes for the same: can't reach the server (P1001), timed out reaching it (P1002),
 * operation timed out (P1008), connection closed (P1017), too many connections (P2037).
 */
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2037"]);
/** The driver adapter's error kinds behind those codes (`DriverAdapterError.cause.kind`). */
const DRIVER_ADAPTER_CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * The error, what caused it, and the driver adapter's error a Prisma error carries in
 * `meta.driverAdapterError` (whose `cause` holds the kind and the server's SQLSTATE).
 */
function* causeChain(error: unknown): Generator<unknown> {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== "object") continue;
    yield current;
    const record = current as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    pending.push(record.cause, record.meta?.driverAdapterError);
  }
}

function describe(error: unknown): { message: string; code?: string; kind?: string } {
  if (!error || typeof error !== "object") return { message: String(error) };
  const record = error as { message?: unknown; code?: unknown; originalCode?: unknown; kind?: unknown; originalMessage?: unknown };
  const code = typeof record.originalCode === "string" ? record.originalCode : typeof record.code === "string" ? record.code : undefined;
  const message = typeof record.message === "string" ? record.message : typeof record.originalMessage === "string" ? record.originalMessage : "";
  return { message, code, kind: typeof record.kind === "string" ? record.kind : undefined };
}

export function isConnectionError(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof PoolAcquireTimeoutError) return true;
    const { message, code, kind } = describe(link);
    if (code && (CONNECTION_SQLSTATES.has(code) || PRISMA_CONNECTION_CODES.has(code))) return true;
    if ((kind && DRIVER_ADAPTER_CONNECTION_KINDS.has(kind)) || CONNECTION_PATTERNS.some((pattern) => pattern.test(message))) return true;
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
/** The write went to a former primary and was refused (anywhere in the cause chain: Prisma wraps it). */
export function isFencedPrimaryError(error: unknown): boolean {
  return [...causeChain(error)].some((link) => link instanceof FencedPrimaryError || (link as { name?: unknown } | null)?.name === "FencedPrimaryError");
}

export function toAppErrorFromDatabase(error: unknown): AppError | undefined {
  if (isFencedPrimaryError(error)) {
    return new UnavailableError("the database primary was replaced by a promoted replica; retry shortly", 5, { cause: error });
  }
  if (isPoolExhausted(error)) return new UnavailableError("the database is busy: no connection became free in time; retry shortly", 2, { cause: error });
  if (isConnectionError(error)) return new UnavailableError("the database cannot be reached right now; retry shortly", 5, { cause: error });
  const { code, message } = describe(error);
  if (code === "P2002") return new ConflictError(`already exists: ${message.split("\n").at(-1) ?? "unique constraint"}`, { cause: error });
  if (code === "P2025") return new NotFoundError("the record does not exist", { cause: error });
  return undefined;
}
