import { Redis } from "ioredis";
import type { CircuitBreaker } from "./breaker";
import type { CacheMetrics } from "./metrics";

/** Returned instead of throwing when Redis can't be used: the caller carries on without L2. */
export const UNAVAILABLE = Symbol("redis unavailable");
export type Unavailable = typeof UNAVAILABLE;

/** Statuses after a connection was lost; "wait"/"connecting" (never connected yet) don't count as failures. */
const LOST_STATUSES = new Set(["reconnecting", "close", "end"]);

export type GuardedRedisOptions = { url: string; timeoutMs: number; breaker: CircuitBreaker; metrics: CacheMetrics };

/**
 * The cache's own Redis connection. Every command has a short timeout and goes through the
 * circuit breaker; failures come back as UNAVAILABLE, never as exceptions, so no request fails
 * because Redis is slow or gone. ioredis reconnects on its own (capped backoff).
 */
export class GuardedRedis {
  readonly client: Redis;
  private readonly durations = new Map<string, ReturnType<CacheMetrics["l2Duration"]["labels"]>>();

  constructor(private readonly options: GuardedRedisOptions) {
    this.client = new Redis(options.url, {
      commandTimeout: options.timeoutMs,
      // Fail fast while disconnected instead of queueing; the breaker and L1 take over.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2_000),
    });
    this.client.on("error", () => {}); // counted by the breaker, reported by describeCacheHealth()
  }

  get status(): string {
    return this.client.status;
  }

  /** Whether L2 is in use right now (connected and the breaker not open). */
  isUsable(): boolean {
    return this.client.status === "ready" && this.options.breaker.state() !== "open";
  }

  async run<T>(operation: string, command: (client: Redis) => Promise<T>): Promise<T | Unavailable> {
    const { breaker } = this.options;
    if (this.client.status !== "ready") {
      if (LOST_STATUSES.has(this.client.status)) breaker.recordFailure();
      return UNAVAILABLE;
    }
    if (!breaker.tryAcquire()) return UNAVAILABLE;
    const startedAt = performance.now();
    try {
      const result = await command(this.client);
      breaker.recordSuccess();
      this.durationOf(operation, "ok").observe((performance.now() - startedAt) / 1_000);
      return result;
    } catch {
      breaker.recordFailure();
      this.durationOf(operation, "error").observe((performance.now() - startedAt) / 1_000);
      return UNAVAILABLE;
    }
  }

  /** Histogram children resolved once per label pair; resolving labels on every command costs more than the GET. */
  private durationOf(operation: string, outcome: "ok" | "error") {
    const id = `${operation}:${outcome}`;
    let child = this.durations.get(id);
    if (!child) this.durations.set(id, (child = this.options.metrics.l2Duration.labels(operation, outcome)));
    return child;
  }

  /**
   * A Lua script by SHA, sending its source only when Redis doesn't know it yet (first use, or
   * after a restart). Replies keep bulk strings as Buffers: entries are binary.
   */
  async runScript(client: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | Buffer | number)[]): Promise<unknown> {
    const rest = [keys.length, ...keys, ...args];
    try {
      return await client.callBuffer("EVALSHA", script.sha, ...rest);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.callBuffer("EVAL", script.source, ...rest);
    }
  }

  disconnect(): void {
    this.client.disconnect();
  }
}

export type LuaScript = { source: string; sha: string };
