import { setTimeout as sleep } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import { serialize } from "node:v8";
import { UNAVAILABLE, type GuardedRedis } from "./guarded-redis";
import type { L1Entry, L1Store } from "./l1";
import { decodeEnvelope } from "./serializer";

export type StaleCheckOptions = {
  /** L1 entries compared per check, picked at random. */
  sampleSize: number;
  /**
   * A difference seen once may be an invalidation still on its way; only one still there after
   * this long (well above a healthy delivery lag) counts as stale.
   */
  graceMs: number;
};

export const DEFAULT_STALE_CHECK: StaleCheckOptions = { sampleSize: 20, graceMs: 250 };

export type StaleCheck =
  /** Embedded mode: there is no second copy to compare with. */
  | { status: "not-applicable" }
  | { status: "unavailable" }
  | {
      status: "checked";
      /** Entries compared with their L2 copy. */
      compared: number;
      /** In L1 but not in L2 (invalidated, or L2 evicted/expired it, or the fill failed): not judged. */
      missingInL2: number;
      staleKeys: string[];
    };

type Difference = { key: string; entry: L1Entry };
type Comparison = { compared: number; missingInL2: number; differing: Difference[] };

/**
 * Compares a random sample of L1 entries with L2, the copy every instance fills and every
 * invalidation deletes. Values are compared by content (v8 bytes, as L2 stores them), not by
 * who wrote them: two instances loading the same unchanged row are both fresh. An entry that
 * still differs after the grace period is stale; it is dropped so the next read reloads it.
 */
export async function checkL1AgainstL2(l1: L1Store, redis: GuardedRedis, options: StaleCheckOptions, random = Math.random): Promise<StaleCheck> {
  const first = await compare(l1, redis, pickSample(l1.keys(), options.sampleSize, random));
  if (first === UNAVAILABLE) return { status: "unavailable" };
  let stale = first.differing;
  if (stale.length > 0) {
    await sleep(options.graceMs);
    const second = await compare(l1, redis, stale.map((difference) => difference.key));
    if (second === UNAVAILABLE) return { status: "unavailable" };
    // The same L1 entry (not a reload since) still differs from L2.
    stale = second.differing.filter((difference) => stale.some((earlier) => earlier.key === difference.key && earlier.entry === difference.entry));
  }
  for (const { key } of stale) l1.delete(key);
  return { status: "checked", compared: first.compared, missingInL2: first.missingInL2, staleKeys: stale.map((difference) => difference.key) };
}

async function compare(l1: L1Store, redis: GuardedRedis, keys: string[]): Promise<Comparison | typeof UNAVAILABLE> {
  if (keys.length === 0) return { compared: 0, missingInL2: 0, differing: [] };
  const replies = await redis.run("stale_check", (client) => client.mgetBuffer(...keys));
  if (replies === UNAVAILABLE) return UNAVAILABLE;
  const result: Comparison = { compared: 0, missingInL2: 0, differing: [] };
  keys.forEach((key, index) => {
    const entry = l1.peek(key);
    const bytes = replies[index];
    if (!entry) return;
    if (!bytes) return void (result.missingInL2 += 1);
    const envelope = decodeEnvelope(bytes);
    if (!envelope) return;
    const isSame = isSameContent({ found: entry.found, value: entry.value }, { found: envelope.found, value: envelope.value });
    if (isSame === null) return; // not serializable: this value lives in L1 only
    result.compared += 1;
    if (!isSame) result.differing.push({ key, entry });
  });
  return result;
}

function isSameContent(l1: { found: boolean; value: unknown }, l2: { found: boolean; value: unknown }): boolean | null {
  try {
    return serialize(l1).equals(serialize(l2)) || isDeepStrictEqual(l1, l2);
  } catch {
    return null;
  }
}

/** Up to `size` distinct items, uniformly at random (partial Fisher–Yates). */
export function pickSample<T>(items: readonly T[], size: number, random: () => number): T[] {
  const pool = [...items];
  const count = Math.min(size, pool.length);
  for (let index = 0; index < count; index++) {
    const swap = index + Math.floor(random() * (pool.length - index));
    [pool[index], pool[swap]] = [pool[swap]!, pool[index]!];
  }
  return pool.slice(0, count);
}
