import { loadAccessForUser } from "@/lib/auth/repo";
import { currentSessionEpoch } from "@/lib/auth/session-revocation";
import type { Membership, Viewer } from "@/lib/auth/session";
import { cacheKeys, cacheTags, getOrLoad } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { isConnectionError } from "@/lib/db/errors";
import { processSingleton } from "@/lib/process-singleton";
import { findApiTokenByHash, touchApiToken } from "./repo";
import { hashSecret, isWellFormedToken } from "./secret";
import { VerifiedTokens, type VerifiedToken } from "./verified-tokens";

/** Distinct tokens remembered per process; beyond this the least recent is re-read. */
const VERIFIED_TOKENS_MAX = 10_000;

/** lastUsedAt is written at most this often per token and instance. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/** The same TTL as the cookie path's: a membership change reaches tokens as it reaches sessions. */
const ACCESS_CACHE_SECONDS = 30;

function verifiedTokens(): VerifiedTokens {
  return processSingleton("verified-api-tokens", () => new VerifiedTokens(VERIFIED_TOKENS_MAX));
}

/**
 * The token's row on the primary (a replica while the primary cannot answer). The owner's epoch
 * is read before the row: a revocation that deletes the row after this read also moves the
 * epoch, so what is remembered here goes stale at once.
 */
async function verifyToken(secretHash: string): Promise<VerifiedToken | null> {
  const row = await db().readFresh((client) => findApiTokenByHash(client, secretHash));
  if (!row) return null;
  const epoch = await currentSessionEpoch(row.user.id);
  const again = await db().readFresh((client) => findApiTokenByHash(client, secretHash));
  if (!again || again.expiresAt.getTime() <= Date.now()) return null;
  return {
    tokenId: again.id,
    user: again.user,
    scope: again.scope,
    tenantId: again.tenantId,
    expiresAtMs: again.expiresAt.getTime(),
    epoch,
    lastUsedWrittenAtMs: again.lastUsedAt?.getTime() ?? 0,
  };
}

async function resolveToken(secretHash: string): Promise<VerifiedToken | null> {
  const store = verifiedTokens();
  if (store.isKnownUnknown(secretHash)) return null;
  const remembered = store.lookup(secretHash);
  if (remembered && remembered.epoch === (await currentSessionEpoch(remembered.user.id))) return remembered;
  store.forget(secretHash);
  const verified = await verifyToken(secretHash);
  if (verified) store.remember(secretHash, verified);
  else store.rememberUnknown(secretHash);
  return verified;
}

/** Best effort, like a session's activity time: a request is answered even when the write cannot be made. */
async function recordUse(secretHash: string, token: VerifiedToken, nowMs: number): Promise<void> {
  if (nowMs - token.lastUsedWrittenAtMs < LAST_USED_WRITE_INTERVAL_MS || !db().primaryReachable()) return;
  // Marked first: concurrent requests of the same token do not all write.
  verifiedTokens().markUsed(secretHash, nowMs);
  try {
    await touchApiToken(db().primary, token.tokenId, new Date(nowMs));
  } catch (error) {
    if (!isConnectionError(error)) throw error;
  }
}

/**
 * The viewer an `Authorization: Bearer agt_…` request acts as, or null for an unknown, expired or
 * revoked token. A tenant token carries only its tenant, with the role the owner holds there now
 * (none once the membership is gone); a platform token only the owner's current platform role.
 * What the token may call is decided by tokenRefusalReason.
 */
export async function getApiTokenViewer(secret: string): Promise<Viewer | null> {
  if (!isWellFormedToken(secret)) return null;
  const secretHash = hashSecret(secret);
  const nowMs = Date.now();
  const token = await resolveToken(secretHash);
  if (!token || token.expiresAtMs <= nowMs) return null;
  const userId = token.user.id;
  const access = await getOrLoad(cacheKeys.userAccess(userId), () => loadAccessForUser(db(), userId), {
    ttlSeconds: ACCESS_CACHE_SECONDS,
    tags: [cacheTags.userAccess(userId)],
  });
  await recordUse(secretHash, token, nowMs);
  const apiToken = { tokenId: token.tokenId, scope: token.scope, tenantId: token.tenantId };
  if (token.scope === "platform_read") {
    return { user: token.user, active: null, memberships: [], platformRole: access?.platformRole ?? null, apiToken };
  }
  const membership: Membership | undefined = access?.memberships.find((candidate) => candidate.tenantId === token.tenantId);
  return { user: token.user, active: membership ?? null, memberships: membership ? [membership] : [], platformRole: null, apiToken };
}
