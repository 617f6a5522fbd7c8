import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit/repo";
import { NotFoundError } from "@/lib/http/errors";
import { forgetUserSessions } from "./session-revocation";

/** A platform admin's view of one session: never its token. */
export type SessionSummary = { id: string; createdAt: string; lastActiveAt: string; expiresAt: string; ipAddress: string | null; userAgent: string | null };

export type SessionAdminActor = { userId: string; email: string; requestId: string };

const sessionSummarySelect = { id: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true } satisfies Prisma.SessionSelect;

async function requireUser(client: PrismaClient | Prisma.TransactionClient, userId: string): Promise<{ email: string }> {
  const user = await client.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new NotFoundError(`user ${userId} not found`);
  return user;
}

export async function listUserSessions(client: PrismaClient, userId: string): Promise<SessionSummary[]> {
  await requireUser(client, userId);
  const rows = await client.session.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: sessionSummarySelect });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    lastActiveAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
  }));
}

/** Signs the user out everywhere: the delete and its audit entry commit together, then every instance forgets the sessions. */
export async function revokeUserSessions(client: PrismaClient, userId: string, actor: SessionAdminActor): Promise<{ revoked: number }> {
  const revoked = await client.$transaction(async (tx) => {
    const user = await requireUser(tx, userId);
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actorUserId: actor.userId,
      actorEmail: actor.email,
      tenantId: null,
      action: "session.revoke_all",
      target: `user:${userId}`,
      before: { email: user.email, sessions: count },
      after: { email: user.email, sessions: 0 },
      requestId: actor.requestId,
    });
    return count;
  });
  await forgetUserSessions(userId);
  return { revoked };
}
