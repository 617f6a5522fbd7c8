import { recordAudit } from "@/lib/audit/repo";
import type { AccountCtx, PlatformCtx } from "@/lib/http/define-route";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { forgetUserSessions } from "@/lib/auth/session-revocation";
import { deleteApiToken, findApiTokenOfUser, insertApiToken, listApiTokensOfUser, userExists, type ApiTokenRow } from "./repo";
import type { ApiTokenOutput, CreateApiTokenInput } from "./schemas";
import { generateSecret } from "./secret";

const DAY_MS = 86_400_000;

function toOutput(row: ApiTokenRow): ApiTokenOutput {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    tenant: row.tenantId && row.tenant ? { id: row.tenantId, name: row.tenant.name } : null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** What an audit entry says about a token: never its secret or hash. */
function auditedToken(row: ApiTokenRow) {
  return { userId: row.userId, name: row.name, prefix: row.prefix, scope: row.scope, tenantId: row.tenantId, expiresAt: row.expiresAt.toISOString() };
}

/**
 * A token for the signed-in user, scoped to one tenant they belong to or, for holders of a
 * platform role, to the platform read-only. The secret is in this answer and nowhere else.
 */
export async function createApiToken(ctx: AccountCtx, input: CreateApiTokenInput): Promise<ApiTokenOutput & { secret: string }> {
  let tenantId: string | null = null;
  if (input.scope.type === "tenant") {
    const scopeTenantId = input.scope.tenantId;
    // Not a member: as if the tenant did not exist, so other tenants' ids leak nothing.
    if (!ctx.viewer.memberships.some((membership) => membership.tenantId === scopeTenantId)) throw new NotFoundError(`tenant ${scopeTenantId} not found`);
    tenantId = scopeTenantId;
  } else if (!ctx.viewer.platformRole) {
    throw new ForbiddenError("a platform token needs a platform role");
  }
  const { secret, prefix, secretHash } = generateSecret();
  const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS);
  const row = await ctx.db.primary.$transaction(async (tx) => {
    const created = await insertApiToken(tx, { userId: ctx.viewer.user.id, name: input.name, prefix, secretHash, scope: input.scope.type, tenantId, expiresAt });
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId,
      action: "api_token.create",
      target: `api_token:${created.id}`,
      before: null,
      after: auditedToken(created),
      requestId: ctx.requestId,
    });
    return created;
  });
  return { ...toOutput(row), secret };
}

export async function listOwnApiTokens(ctx: AccountCtx): Promise<{ items: ApiTokenOutput[] }> {
  return { items: (await listApiTokensOfUser(ctx.db.primary, ctx.viewer.user.id)).map(toOutput) };
}

/**
 * Deletes the token and audits it in one transaction, then makes every instance re-check the
 * owner's remembered credentials (the session epoch), so the next request with it gets 401.
 */
async function revokeToken(ctx: AccountCtx | PlatformCtx, ownerId: string, tokenId: string): Promise<void> {
  await ctx.db.primary.$transaction(async (tx) => {
    const row = await findApiTokenOfUser(tx, ownerId, tokenId);
    if (!row) throw new NotFoundError(`API token ${tokenId} not found`);
    await deleteApiToken(tx, tokenId);
    await recordAudit(tx, {
      actorUserId: ctx.viewer.user.id,
      actorEmail: ctx.viewer.user.email,
      tenantId: row.tenantId,
      action: "api_token.revoke",
      target: `api_token:${row.id}`,
      before: auditedToken(row),
      after: null,
      requestId: ctx.requestId,
    });
  });
  await forgetUserSessions(ownerId);
}

export async function revokeOwnApiToken(ctx: AccountCtx, tokenId: string): Promise<{ revoked: true }> {
  await revokeToken(ctx, ctx.viewer.user.id, tokenId);
  return { revoked: true };
}

/** A platform admin's view of any user's tokens. */
export async function listUserApiTokens(ctx: PlatformCtx, userId: string): Promise<{ items: ApiTokenOutput[] }> {
  if (!(await userExists(ctx.db.primary, userId))) throw new NotFoundError(`user ${userId} not found`);
  return { items: (await listApiTokensOfUser(ctx.db.primary, userId)).map(toOutput) };
}

export async function revokeUserApiToken(ctx: PlatformCtx, userId: string, tokenId: string): Promise<{ revoked: true }> {
  await revokeToken(ctx, userId, tokenId);
  return { revoked: true };
}
