import { LRUCache } from "lru-cache";

export type RateReading = { requestsPerSecond: number; hitRatio: number };

/**
 * Requests and hits as exponentially decaying counts (time constant `windowMs`): O(1) memory and
 * work per request, no timers. At a steady rate r per second the count settles at r × window, so
 * the rate is count / window; recent traffic weighs most, older traffic fades out.
 */
export class DecayingTally {
  private requests = 0;
  private hits = 0;
  private atMs: number;

  constructor(
    private readonly windowMs: number,
    nowMs: number,
  ) {
    this.atMs = nowMs;
  }

  record(isHit: boolean, nowMs: number): void {
    this.decayTo(nowMs);
    this.requests += 1;
    if (isHit) this.hits += 1;
  }

  read(nowMs: number): RateReading {
    this.decayTo(nowMs);
    return {
      requestsPerSecond: this.requests / (this.windowMs / 1_000),
      hitRatio: this.requests > 0 ? this.hits / this.requests : 0,
    };
  }

  private decayTo(nowMs: number): void {
    const elapsedMs = nowMs - this.atMs;
    if (elapsedMs <= 0) return;
    const factor = Math.exp(-elapsedMs / this.windowMs);
    this.requests *= factor;
    this.hits *= factor;
    this.atMs = nowMs;
  }
}

/**
 * Rolling request rate and hit ratio ("served without the loader") per key prefix
 * (`agency:<domain>:<tenantId>`), for invalidation previews. Bounded: the least recently
 * requested prefixes are forgotten first, and they are the ones that matter least.
 */
export class PrefixRates {
  private readonly byPrefix: LRUCache<string, DecayingTally>;

  constructor(
    private readonly windowMs: number,
    maxPrefixes: number,
    private readonly now: () => number,
  ) {
    this.byPrefix = new LRUCache({ max: maxPrefixes });
  }

  record(key: string, isHit: boolean): void {
    const prefix = keyPrefix(key);
    const nowMs = this.now();
    let tally = this.byPrefix.get(prefix);
    if (!tally) {
      tally = new DecayingTally(this.windowMs, nowMs);
      this.byPrefix.set(prefix, tally);
    }
    tally.record(isHit, nowMs);
  }

  /** Requests per second that are served from cache now, for the given prefixes (summed). */
  readCachedLoad(prefixes: Iterable<string>): RateReading & { cachedRequestsPerSecond: number } {
    const nowMs = this.now();
    let requestsPerSecond = 0;
    let cachedRequestsPerSecond = 0;
    for (const prefix of prefixes) {
      const reading = this.byPrefix.peek(prefix)?.read(nowMs);
      if (!reading) continue;
      requestsPerSecond += reading.requestsPerSecond;
      cachedRequestsPerSecond += reading.requestsPerSecond * reading.hitRatio;
    }
    const hitRatio = requestsPerSecond > 0 ? cachedRequestsPerSecond / requestsPerSecond : 0;
    return { requestsPerSecond, hitRatio, cachedRequestsPerSecond };
  }
}

/** `agency:<domain>:<tenantId>` of a key (everything before the third colon). */
export function keyPrefix(key: string): string {
  const first = key.indexOf(":");
  const second = first === -1 ? -1 : key.indexOf(":", first + 1);
  const third = second === -1 ? -1 : key.indexOf(":", second + 1);
  return third === -1 ? key : key.slice(0, third);
}
