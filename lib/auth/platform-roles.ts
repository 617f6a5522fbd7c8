import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit/repo";
import type { PlatformRole } from "@/lib/auth/roles";
import { ConflictError, NotFoundError } from "@/lib/http/errors";

/**
 * Platform roles (the operators' roles) are a property of the user and change rarely, by a
 * platform admin's decision (or, for the first admin, the `platform-role` command): each change
 * is audited in the same transaction. No cache here, so the command can run without the app's
 * configuration; the API's service drops the user's cached access after a change.
 */
export type PlatformRoleHolder = { userId: string; email: string; name: string; role: PlatformRole; grantedAt: string; grantedByUserId: string | null };

export type RoleChangeActor = { userId: string; email: string; requestId: string };

export async function listPlatformRoleHolders(client: PrismaClient): Promise<PlatformRoleHolder[]> {
  const grants = await client.platformRoleGrant.findMany({
    orderBy: [{ role: "asc" }, { grantedAt: "asc" }],
    select: { userId: true, role: true, grantedAt: true, grantedByUserId: true, user: { select: { email: true, name: true } } },
  });
  return grants.map((grant) => ({
    userId: grant.userId,
    email: grant.user.email,
    name: grant.user.name,
    role: grant.role,
    grantedAt: grant.grantedAt.toISOString(),
    grantedByUserId: grant.grantedByUserId,
  }));
}

async function countAdmins(tx: Prisma.TransactionClient): Promise<number> {
  return tx.platformRoleGrant.count({ where: { role: "admin" } });
}

/**
 * Gives `email` the platform role `role`, or takes it away (null). Refuses to remove the last
 * platform admin: nobody could grant roles any more short of the database itself.
 */
export async function changePlatformRole(client: PrismaClient, email: string, role: PlatformRole | null, actor: RoleChangeActor): Promise<{ userId: string; email: string; role: PlatformRole | null }> {
  const userId = await client.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, platformRole: { select: { role: true } } } });
    if (!user) throw new NotFoundError(`no user with the email ${email}`);
    const before = user.platformRole?.role ?? null;
    if (before === role) return user.id;
    if (before === "admin" && (await countAdmins(tx)) <= 1) throw new ConflictError(`${email} is the last platform admin; grant another admin first`);
    if (role === null) await tx.platformRoleGrant.delete({ where: { userId: user.id } });
    else {
      await tx.platformRoleGrant.upsert({
        where: { userId: user.id },
        create: { userId: user.id, role, grantedByUserId: actor.userId },
        update: { role, grantedByUserId: actor.userId, grantedAt: new Date() },
      });
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      actorEmail: actor.email,
      tenantId: null,
      action: role === null ? "platform_role.revoke" : "platform_role.grant",
      target: `user:${user.id}`,
      before: { email, platformRole: before },
      after: { email, platformRole: role },
      requestId: actor.requestId,
    });
    return user.id;
  });
  return { userId, email, role };
}
