import type { Redis } from "ioredis";
import type { PrismaClient } from "@/generated/prisma/client";
import { logger } from "@/lib/logging/logger";

/** One counter: `kind` (account, address, global, …) and `key` in the window starting at `windowStart` (ms). */
export type Counter = { kind: string; key: string; windowStart: number; ttlSeconds: number };

/** Where the counts live: shared by every app process, each step atomic. */
export interface SignInLimitStore {
  /** Adds one to each counter (creating it at 1) and returns the new counts, in order. */
  increment(counters: Counter[]): Promise<number[]>;
  /** Removes `clear` (returning what each had, 0 when absent) and takes one back from `release`. */
  settle(clear: Counter[], release: Counter[]): Promise<number[]>;
}

type Columns = { kinds: string[]; keys: string[]; starts: string[]; expires: string[] };

function columns(counters: Counter[], now: number): Columns {
  return {
    kinds: counters.map((counter) => counter.kind),
    keys: counters.map((counter) => counter.key),
    starts: counters.map((counter) => new Date(counter.windowStart).toISOString()),
    expires: counters.map((counter) => new Date(Math.max(now, counter.windowStart) + counter.ttlSeconds * 1000).toISOString()),
  };
}

function countsInOrder(counters: Counter[], rows: { kind: string; key: string; count: number }[]): number[] {
  const byKey = new Map(rows.map((row) => [`${row.kind}\u0000${row.key}`, Number(row.count)]));
  return counters.map((counter) => byKey.get(`${counter.kind}\u0000${counter.key}`) ?? 0);
}

/**
 * Counts in PostgreSQL: one upsert per attempt, on the primary. Callers list counters in one fixed
 * kind order (account, address, global), so two attempts lock shared rows in the same order.
 */
export class PostgresLimitStore implements SignInLimitStore {
  private sinceCleanup = 0;

  constructor(
    private readonly client: PrismaClient,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(counters: Counter[]): Promise<number[]> {
    const { kinds, keys, starts, expires } = columns(counters, this.now());
    const rows = await this.client.$queryRaw<{ kind: string; key: string; count: number }[]>`
      INSERT INTO sign_in_limit (kind, key, window_start, count, expires_at)
      SELECT c.kind, c.key, c.window_start, 1, c.expires_at
      FROM unnest(${kinds}::text[], ${keys}::text[], ${starts}::timestamptz[], ${expires}::timestamptz[]) WITH ORDINALITY AS c(kind, key, window_start, expires_at, position)
      ORDER BY c.position
      ON CONFLICT (kind, key, window_start) DO UPDATE SET count = sign_in_limit.count + 1, expires_at = greatest(sign_in_limit.expires_at, excluded.expires_at)
      RETURNING kind, key, count`;
    this.removeExpiredNowAndThen();
    return countsInOrder(counters, rows);
  }

  async settle(clear: Counter[], release: Counter[]): Promise<number[]> {
    const cleared = columns(clear, this.now());
    const released = columns(release, this.now());
    const rows = await this.client.$queryRaw<{ kind: string; key: string; count: number }[]>`
      WITH released AS (
        UPDATE sign_in_limit s SET count = greatest(s.count - 1, 0)
        FROM unnest(${released.kinds}::text[], ${released.keys}::text[], ${released.starts}::timestamptz[]) AS r(kind, key, window_start)
        WHERE s.kind = r.kind AND s.key = r.key AND s.window_start = r.window_start
        RETURNING 1
      )
      DELETE FROM sign_in_limit s
      USING unnest(${cleared.kinds}::text[], ${cleared.keys}::text[], ${cleared.starts}::timestamptz[]) AS c(kind, key, window_start)
      WHERE s.kind = c.kind AND s.key = c.key AND s.window_start = c.window_start
      RETURNING s.kind, s.key, s.count`;
    return countsInOrder(clear, rows);
  }

  // Expired windows are removed by whichever process counts the 500th attempt, off the request path.
  private removeExpiredNowAndThen(): void {
    this.sinceCleanup += 1;
    if (this.sinceCleanup < 500) return;
    this.sinceCleanup = 0;
    this.client.$executeRaw`DELETE FROM sign_in_limit WHERE expires_at < now()`.catch((error: unknown) => logger.warn("could not remove expired sign-in limits", { err: error }));
  }
}

function redisKey(counter: Counter): string {
  return `agency:sign-in-limit:${counter.kind}:${counter.windowStart}:${counter.key}`;
}

/** Counts in Redis (INCR and EXPIRE in one MULTI); a failing Redis falls back to PostgreSQL. */
export class RedisLimitStore implements SignInLimitStore {
  constructor(
    private readonly client: Redis,
    private readonly fallback: SignInLimitStore,
  ) {}

  async increment(counters: Counter[]): Promise<number[]> {
    try {
      const multi = this.client.multi();
      for (const counter of counters) multi.incr(redisKey(counter)).expire(redisKey(counter), counter.ttlSeconds);
      const results = await multi.exec();
      if (!results) throw new Error("the MULTI was discarded");
      return counters.map((_, index) => {
        const [error, value] = results[index * 2] ?? [];
        if (error) throw error;
        return Number(value);
      });
    } catch (error) {
      logger.warn("sign-in limits: Redis failed, counting in PostgreSQL", { err: error });
      return this.fallback.increment(counters);
    }
  }

  async settle(clear: Counter[], release: Counter[]): Promise<number[]> {
    try {
      const multi = this.client.multi();
      for (const counter of clear) multi.get(redisKey(counter)).del(redisKey(counter));
      for (const counter of release) multi.decr(redisKey(counter));
      const results = await multi.exec();
      if (!results) throw new Error("the MULTI was discarded");
      return clear.map((_, index) => Number(results[index * 2]?.[1] ?? 0));
    } catch (error) {
      logger.warn("sign-in limits: Redis failed, settling in PostgreSQL", { err: error });
      return this.fallback.settle(clear, release);
    }
  }
}

/** Counters remembered in this process, at most this many; past it the oldest is dropped. */
const MEMORY_COUNTERS_MAX = 50_000;

/**
 * Counts in this process only: what the limits fall back to while the shared store cannot be
 * written (the primary unreachable during a failover). Each instance then limits on its own, so
 * the limits hold per instance rather than not at all.
 */
export class MemoryLimitStore implements SignInLimitStore {
  private readonly counts = new Map<string, { count: number; expiresAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async increment(counters: Counter[]): Promise<number[]> {
    const nowMs = this.now();
    return counters.map((counter) => {
      const key = redisKey(counter);
      const current = this.counts.get(key);
      const count = current && current.expiresAtMs > nowMs ? current.count + 1 : 1;
      this.counts.delete(key); // re-inserted last: the map's order is then oldest-written first
      this.counts.set(key, { count, expiresAtMs: Math.max(nowMs, counter.windowStart) + counter.ttlSeconds * 1000 });
      if (this.counts.size > MEMORY_COUNTERS_MAX) this.counts.delete(this.counts.keys().next().value!);
      return count;
    });
  }

  async settle(clear: Counter[], release: Counter[]): Promise<number[]> {
    const cleared = clear.map((counter) => {
      const key = redisKey(counter);
      const count = this.counts.get(key)?.count ?? 0;
      this.counts.delete(key);
      return count;
    });
    for (const counter of release) {
      const current = this.counts.get(redisKey(counter));
      if (current) current.count = Math.max(0, current.count - 1);
    }
    return cleared;
  }
}

/**
 * The shared store while it answers; this process's memory while it cannot be reached (a
 * connection error, never a wrong answer, moves a call to memory).
 */
export class FallbackLimitStore implements SignInLimitStore {
  /** Logged once when counting moves to memory and once when it moves back, not per attempt. */
  private isCountingLocally = false;

  constructor(
    private readonly shared: SignInLimitStore,
    private readonly local: SignInLimitStore,
    private readonly isUnreachable: (error: unknown) => boolean,
  ) {}

  increment(counters: Counter[]): Promise<number[]> {
    return this.attempt((store) => store.increment(counters));
  }

  settle(clear: Counter[], release: Counter[]): Promise<number[]> {
    return this.attempt((store) => store.settle(clear, release));
  }

  private async attempt(call: (store: SignInLimitStore) => Promise<number[]>): Promise<number[]> {
    try {
      const counts = await call(this.shared);
      if (this.isCountingLocally) logger.info("sign-in limits: the shared store answers again");
      this.isCountingLocally = false;
      return counts;
    } catch (error) {
      if (!this.isUnreachable(error)) throw error;
      if (!this.isCountingLocally) logger.warn("sign-in limits: the shared store is unreachable, counting in this process", { err: error });
      this.isCountingLocally = true;
      return call(this.local);
    }
  }
}
