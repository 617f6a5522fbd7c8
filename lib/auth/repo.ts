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
