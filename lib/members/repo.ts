import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { TenantRole } from "@/lib/auth/roles";

type Client = PrismaClient | Prisma.TransactionClient;

const memberSelect = { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } } satisfies Prisma.MembershipSelect;
export type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

/** One page of the tenant's members by e-mail, after `afterEmail` (keyset on the unique e-mail). */
export function listMembers(client: Client, tenantId: string, afterEmail: string | null, take: number): Promise<MemberRow[]> {
  return client.membership.findMany({
    where: { tenantId, ...(afterEmail === null ? {} : { user: { email: { gt: afterEmail } } }) },
    orderBy: { user: { email: "asc" } },
    take,
    select: memberSelect,
  });
}

export function findUserByEmail(client: Client, email: string): Promise<{ id: string } | null> {
  return client.user.findUnique({ where: { email }, select: { id: true } });
}

export function findMember(client: Client, tenantId: string, userId: string): Promise<MemberRow | null> {
  return client.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select: memberSelect });
}

/**
 * Locks the tenant's admin memberships until the transaction ends. Every change that could take
 * the last admin away takes this lock first, so two admins demoting each other at the same moment
 * are decided one after the other and one of them is refused.
 */
export async function lockAdmins(tx: Prisma.TransactionClient, tenantId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ userId: string }[]>`select "userId" from membership where "tenantId" = ${tenantId}::uuid and role = 'admin' for update`;
  return rows.map((row) => row.userId);
}

export function createMember(tx: Prisma.TransactionClient, tenantId: string, userId: string, role: TenantRole): Promise<MemberRow> {
  return tx.membership.create({ data: { tenantId, userId, role }, select: memberSelect });
}

export function updateMemberRole(tx: Prisma.TransactionClient, tenantId: string, userId: string, role: TenantRole): Promise<MemberRow> {
  return tx.membership.update({ where: { tenantId_userId: { tenantId, userId } }, data: { role }, select: memberSelect });
}

export async function deleteMember(tx: Prisma.TransactionClient, tenantId: string, userId: string): Promise<void> {
  await tx.membership.delete({ where: { tenantId_userId: { tenantId, userId } } });
}
