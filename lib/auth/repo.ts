import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";

/**
 * Everything that decides what a user may do: every tenant they belong to (with the tenant role
 * held there, in a stable order) and their platform role, if any. One round trip.
 */
export async function loadAccessForUser(database: Database, userId: string) {
  // Auth decisions read the primary: a membership granted a moment ago must count at once. While
  // the primary cannot answer, a replica's copy (the freshest there is) keeps users signed in.
  const user = await database.readFresh((client) =>
    client.user.findUnique({
      where: { id: userId },
      select: {
        platformRole: { select: { role: true } },
        memberships: {
          select: { role: true, tenant: { select: { id: true, slug: true, name: true } } },
          orderBy: { tenant: { name: "asc" } },
        },
      },
    }),
  );
  return {
    platformRole: user?.platformRole?.role ?? null,
    memberships: (user?.memberships ?? []).map((row) => ({ tenantId: row.tenant.id, tenantSlug: row.tenant.slug, tenantName: row.tenant.name, role: row.role })),
  };
}

/** The stored password hashes of these e-mails' credential accounts (the demo-password check). */
export async function listPasswordHashesByEmail(client: PrismaClient, emails: string[]): Promise<string[]> {
  const accounts = await client.account.findMany({ where: { providerId: "credential", password: { not: null }, user: { email: { in: emails } } }, select: { password: true } });
  return accounts.flatMap((account) => (account.password ? [account.password] : []));
}

/** Users whose credential account stores exactly one of these hashes. */
export async function listUsersByPasswordHash(client: PrismaClient, hashes: string[]): Promise<{ id: string; email: string }[]> {
  if (hashes.length === 0) return [];
  return client.user.findMany({ where: { accounts: { some: { providerId: "credential", password: { in: hashes } } } }, select: { id: true, email: true }, orderBy: { email: "asc" } });
}

/** Deletes users with their sessions, accounts, memberships and platform role (all cascade). */
export async function deleteUsers(client: Prisma.TransactionClient, userIds: string[]): Promise<number> {
  return (await client.user.deleteMany({ where: { id: { in: userIds } } })).count;
}
