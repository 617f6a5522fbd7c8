import { createHash } from "node:crypto";
import { GetBatcher } from "./get-batcher";
import { fillLockKey, tagSetKey } from "./keys";
import { UNAVAILABLE, type GuardedRedis, type LuaScript, type Unavailable } from "./guarded-redis";
import { decodeEnvelope, encodeEnvelope, type CacheEnvelope } from "./serializer";

function luaScript(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * Writes the entry, registers it in its tag sets and releases the fill lock, in one round trip.
 * With a lock token, the write happens only if that lock is still ours: an invalidation deletes
 * the lock, so a load that read the database before a write can't put the old value back.
 * Tag sets live at least as long as their longest member; two random members are checked on each
 * write and dropped when expired, so hot tags that are never invalidated don't grow forever.
 * KEYS: entry, lock, tag sets…  ARGV: payload, ttl ms, lock token ("" = no lock held)
 */
const FILL = luaScript(`
if ARGV[3] ~= "" and redis.call("GET", KEYS[2]) ~= ARGV[3] then return 0 end
local ttl = tonumber(ARGV[2])
redis.call("SET", KEYS[1], ARGV[1], "PX", ttl)
for i = 3, #KEYS do
  redis.call("SADD", KEYS[i], KEYS[1])
  if redis.call("PTTL", KEYS[i]) < ttl then redis.call("PEXPIRE", KEYS[i], ttl) end
  for _, member in ipairs(redis.call("SRANDMEMBER", KEYS[i], 2)) do
    if redis.call("EXISTS", member) == 0 then redis.call("SREM", KEYS[i], member) end
  end
end
if ARGV[3] ~= "" then redis.call("DEL", KEYS[2]) end
return 1`);

/**
 * Takes the fill lock, unless the entry exists by now: the GET that missed and this lock are two
 * round trips, and a fill finishing in between must not make us load the key a second time.
 * KEYS: entry, lock  ARGV: token, lock ttl ms  →  { entry or nil, 1 when the lock is ours }
 */
const LOCK_UNLESS_FILLED = luaScript(`
local entry = redis.call("GET", KEYS[1])
if entry then return { entry, 0 } end
if redis.call("SET", KEYS[2], ARGV[1], "PX", ARGV[2], "NX") then return { false, 1 } end
return { false, 0 }`);

/** A waiter's poll: the entry (if filled yet) and whether the fill lock is still held. KEYS: entry, lock */
const POLL = luaScript(`return { redis.call("GET", KEYS[1]), redis.call("EXISTS", KEYS[2]) }`);

/** Releases the lock only if it is still ours. KEYS: lock  ARGV: token */
const RELEASE = luaScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`);

export type LockOutcome = { filled: CacheEnvelope } | "acquired" | "busy" | Unavailable;
export type FillPoll = { envelope: CacheEnvelope | null; isLocked: boolean };

/** Entry reads and writes on Redis (the L2 level). */
export class L2Entries {
  private readonly reads: GetBatcher;

  constructor(private readonly redis: GuardedRedis) {
    this.reads = new GetBatcher(redis);
  }

  async get(key: string): Promise<CacheEnvelope | null | Unavailable> {
    const bytes = await this.reads.get(key);
    if (bytes === UNAVAILABLE) return UNAVAILABLE;
    return bytes ? decodeEnvelope(bytes) : null;
  }

  async lockUnlessFilled(key: string, token: string, ttlMs: number): Promise<LockOutcome> {
    const reply = await this.redis.run("lock", (client) => this.redis.runScript(client, LOCK_UNLESS_FILLED, [key, fillLockKey(key)], [token, ttlMs]));
    if (reply === UNAVAILABLE) return UNAVAILABLE;
    const [bytes, acquired] = reply as [Buffer | null, number];
    const envelope = bytes ? decodeEnvelope(bytes) : null;
    if (envelope) return { filled: envelope };
    return acquired === 1 ? "acquired" : "busy";
  }

  async poll(key: string): Promise<FillPoll | Unavailable> {
    const reply = await this.redis.run("poll", (client) => this.redis.runScript(client, POLL, [key, fillLockKey(key)], []));
    if (reply === UNAVAILABLE) return UNAVAILABLE;
    const [bytes, locked] = reply as [Buffer | null, number];
    return { envelope: bytes ? decodeEnvelope(bytes) : null, isLocked: locked === 1 };
  }

  /**
   * True when written; false when skipped (lock lost to an invalidation or expiry), when Redis is
   * away, or when the value can't be serialized (functions, native handles): it then lives in L1 only.
   */
  async fill(key: string, envelope: CacheEnvelope, ttlMs: number, lockToken: string | null): Promise<boolean> {
    let payload: Buffer;
    try {
      payload = encodeEnvelope(envelope);
    } catch {
      if (lockToken) await this.releaseLock(key, lockToken);
      return false;
    }
    const keys = [key, fillLockKey(key), ...envelope.tags.map(tagSetKey)];
    const args = [payload, Math.max(1, Math.round(ttlMs)), lockToken ?? ""];
    const reply = await this.redis.run("fill", (client) => this.redis.runScript(client, FILL, keys, args));
    return reply === 1;
  }

  async releaseLock(key: string, token: string): Promise<void> {
    await this.redis.run("unlock", (client) => this.redis.runScript(client, RELEASE, [fillLockKey(key)], [token]));
  }
}
