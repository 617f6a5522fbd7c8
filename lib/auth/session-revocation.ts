import { randomUUID } from "node:crypto";
import { cachedInL1, cacheKeys, cacheTags, getOrLoad, invalidateTag } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { isConnectionError } from "@/lib/db/errors";

/** Long enough that instances rarely mint a new marker just because the old one aged out. */
const EPOCH_TTL_SECONDS = 3_600;

/**
 * The user's session epoch: a random marker in the shared cache. Each instance remembers a
 * verified session together with the epoch it read before checking the database; dropping the
 * marker (on every instance, over the cache's invalidation bus) makes every remembered session
 * of the user stale at once. Also tagged with the user's access, so a platform-role or
 * membership change re-verifies their sessions too. A marker lost to eviction only costs a
 * re-verification.
 */
export async function currentSessionEpoch(userId: string): Promise<string> {
  const marker = await getOrLoad(cacheKeys.userSessions(userId), async () => ({ epoch: randomUUID() }), {
    ttlSeconds: EPOCH_TTL_SECONDS,
    tags: [cacheTags.userSessions(userId), cacheTags.userAccess(userId)],
  });
  return marker?.epoch ?? randomUUID();
}

/** The epoch when this instance holds it, without an await (the check every signed-in request makes). */
export function sessionEpochInL1(userId: string): string | undefined {
  return cachedInL1<{ epoch: string }>(cacheKeys.userSessions(userId))?.value?.epoch;
}

/** Every instance re-verifies the user's sessions on their next request. Call after the database change. */
export async function forgetUserSessions(userId: string): Promise<void> {
  await invalidateTag(cacheTags.userSessions(userId));
}

/**
 * Ends one session now (it outlived a limit): deleted, and forgotten everywhere. With the primary
 * unreachable the row stays until a later request finds it past the same limit again (the
 * limits are read from the row), so the session is refused either way.
 */
export async function endSession(sessionId: string, userId: string): Promise<void> {
  try {
    await db().primary.session.deleteMany({ where: { id: sessionId } });
  } catch (error) {
    if (!isConnectionError(error)) throw error;
  }
  await forgetUserSessions(userId);
}
