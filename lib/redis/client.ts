import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";

/**
 * The process's Redis connection, or null in the embedded mode (no REDIS_URL). Commands fail
 * fast instead of queueing while Redis is away: Redis is a cache here, never a reason to hang.
 */
export function redis(): Redis | null {
  const url = env().REDIS_URL;
  if (!url) return null;
  return processSingleton("redis", () => {
    const client = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
      commandTimeout: 500,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    client.on("error", () => {}); // state is reported by /api/ready; reconnects on its own
    return client;
  });
}
