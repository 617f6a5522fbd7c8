import { z } from "zod";

/** Pool and routing settings; the defaults are the scalability guide's. */
export const dbEnvShape = {
  DB_WRITE_POOL_MIN: z.coerce.number().int().min(0).default(5),
  DB_WRITE_POOL_MAX: z.coerce.number().int().min(1).default(20),
  DB_READ_POOL_MAX: z.coerce.number().int().min(1).default(15),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  DB_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  DB_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  /** A replica further behind than this leaves the read rotation. */
  DB_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).default(10),
  /** A session that wrote this recently reads from the primary (read-your-writes). */
  DB_READ_YOUR_WRITES_SECONDS: z.coerce.number().min(0).default(5),
  DB_REPLICA_HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
};

/** The defaults above as values, for code that builds a Database outside the app's env. */
export function defaultDbSettings() {
  return z.object(dbEnvShape).parse({});
}
