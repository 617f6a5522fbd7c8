import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { redis } from "@/lib/redis/client";
import { isConnectionError, isPoolExhausted } from "@/lib/db/errors";
import { FallbackLimitStore, MemoryLimitStore, PostgresLimitStore, RedisLimitStore, type Counter, type SignInLimitStore } from "./sign-in-limit-store";

export type SignInLimits = { perAccount: number; perAddress: number; global: number; windowSeconds: number };

/** Which limit refused an attempt: audit entries and the 429's detail name it. */
export type LimitKind = "account" | "address" | "global";

export type Refusal = { allowed: false; refusedBy: LimitKind; retryAfterSeconds: number };
export type Reservation = { allowed: true; account: Counter; unseen: Counter; address: Counter; global: Counter };

/** Failures an account's owner has not yet been told about are kept this long. */
const UNSEEN_TTL_SECONDS = 30 * 24 * 60 * 60;
/** Refused keys remembered in this process; past it the oldest is forgotten (it is then only slower). */
const MAX_REMEMBERED_REFUSALS = 10_000;

/**
 * Keys this process has seen refused, until their window ends. A count only grows within its
 * window, so a refused key stays refused: the next attempt on it is answered without the store,
 * and a flood of refused attempts costs no database write at all.
 */
class RefusalMemo {
  private readonly untilMs = new Map<string, number>();

  refusedUntil(key: string, now: number): number | undefined {
    const until = this.untilMs.get(key);
    if (until === undefined) return undefined;
    if (until > now) return until;
    this.untilMs.delete(key);
    return undefined;
  }

  remember(key: string, untilMs: number): void {
    if (this.untilMs.size >= MAX_REMEMBERED_REFUSALS) {
      const oldest = this.untilMs.keys().next().value;
      if (oldest !== undefined) this.untilMs.delete(oldest);
    }
    this.untilMs.set(key, untilMs);
  }
}

/**
 * Limits password attempts per account, per client address and for the whole platform, in fixed
 * windows counted in a store every app process shares. An attempt is counted (reserved) before
 * the password is checked, so 200 concurrent guesses see 1, 2, … 200 and only the first few pass;
 * a success gives its reservation back, so in effect only failures count.
 */
export class SignInLimiter {
  private readonly refusals = new RefusalMemo();

  constructor(
    private readonly store: SignInLimitStore,
    private readonly limits: SignInLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private window(windowSeconds: number) {
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    const windowStart = Math.floor(now / windowMs) * windowMs;
    return { windowStart, ttlSeconds: windowSeconds, windowEnd: windowStart + windowMs, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
  }

  private rememberedRefusal(keys: [LimitKind, string][]): Refusal | undefined {
    const now = this.now();
    for (const [kind, key] of keys) {
      const until = this.refusals.refusedUntil(`${kind}|${key}`, now);
      if (until !== undefined) return { allowed: false, refusedBy: kind, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
    }
    return undefined;
  }

  /** Counts a sign-in attempt for `account` from `address`; refused when any limit is over. */
  async reserve(account: string, address: string): Promise<Reservation | Refusal> {
    const remembered = this.rememberedRefusal([["account", account], ["address", address], ["global", "*"]]);
    if (remembered) return remembered;
    const { windowStart, windowEnd, ttlSeconds, retryAfterSeconds } = this.window(this.limits.windowSeconds);
    const counter = (kind: string, key: string): Counter => ({ kind, key, windowStart, ttlSeconds });
    const unseen: Counter = { kind: "unseen", key: account, windowStart: 0, ttlSeconds: UNSEEN_TTL_SECONDS };
    const counters = [counter("account", account), unseen, counter("address", address), counter("global", "*")] as const;
    const [accountCount = 0, , addressCount = 0, globalCount = 0] = await this.store.increment([...counters]);
    const refusedBy: LimitKind | undefined =
      accountCount > this.limits.perAccount ? "account" : addressCount > this.limits.perAddress ? "address" : globalCount > this.limits.global ? "global" : undefined;
    if (accountCount > this.limits.perAccount) this.refusals.remember(`account|${account}`, windowEnd);
    if (addressCount > this.limits.perAddress) this.refusals.remember(`address|${address}`, windowEnd);
    if (globalCount > this.limits.global) this.refusals.remember("global|*", windowEnd);
    if (refusedBy) return { allowed: false, refusedBy, retryAfterSeconds };
    return { allowed: true, account: counters[0], unseen, address: counters[2], global: counters[3] };
  }

  /**
   * The password was right: clears the account's count and gives back the address's and the
   * platform's share. Returns how many attempts failed or were refused since the last success.
   */
  async succeed(reservation: Reservation): Promise<number> {
    const [, unseen = 0] = await this.store.settle([reservation.account, reservation.unseen], [reservation.address, reservation.global]);
    return Math.max(0, unseen - 1);
  }

  /** Counts one attempt on a single limit (`max` per `windowSeconds`, default the account's). */
  async take(kind: string, key: string, max = this.limits.perAccount, windowSeconds = this.limits.windowSeconds): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const memoKey = `${kind}|${windowSeconds}|${max}|${key}`;
    const until = this.refusals.refusedUntil(memoKey, this.now());
    if (until !== undefined) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - this.now()) / 1000)) };
    const { windowStart, windowEnd, ttlSeconds, retryAfterSeconds } = this.window(windowSeconds);
    const [count = 0] = await this.store.increment([{ kind, key, windowStart, ttlSeconds }]);
    if (count > max) this.refusals.remember(memoKey, windowEnd);
    return { allowed: count <= max, retryAfterSeconds };
  }

  /** Forgets the current window's count for `kind` and `key` (after a success). */
  async clear(kind: string, key: string): Promise<void> {
    const { windowStart, ttlSeconds } = this.window(this.limits.windowSeconds);
    await this.store.settle([{ kind, key, windowStart, ttlSeconds }], []);
  }
}

export function signInLimits(): SignInLimits {
  const config = env();
  return { perAccount: config.SIGN_IN_MAX_ATTEMPTS, perAddress: config.SIGN_IN_MAX_PER_ADDRESS, global: config.SIGN_IN_MAX_GLOBAL, windowSeconds: config.SIGN_IN_WINDOW_SECONDS };
}

/**
 * The process's limiter: counts in Redis when REDIS_URL is set, otherwise in PostgreSQL; in this
 * process's memory while neither can be written (the primary down during a failover).
 */
export function signInLimiter(): SignInLimiter {
  return processSingleton("sign-in-limiter-shared", () => {
    const postgres = new PostgresLimitStore(db().primary);
    const client = redis();
    const shared = client ? new RedisLimitStore(client, postgres) : postgres;
    // Only a server that cannot be reached moves counting to memory: a busy pool (a flood of
    // guesses) must not hand every instance a fresh count; those attempts get a 503 instead.
    const isUnreachable = (error: unknown) => isConnectionError(error) && !isPoolExhausted(error);
    return new SignInLimiter(new FallbackLimitStore(shared, new MemoryLimitStore(), isUnreachable), signInLimits());
  });
}
