import type { Database } from "@/lib/db/client";

/** Every tenant the user belongs to, with the role held there, in a stable order. */
export async function listMembershipsForUser(database: Database, userId: string) {
  // Auth decisions read the primary: a membership granted a moment ago must count at once.
  const rows = await database.primary.membership.findMany({
    where: { userId },
    select: { role: true, tenant: { select: { id: true, slug: true, name: true } } },
    orderBy: { tenant: { name: "asc" } },
  });
  return rows.map((row) => ({ tenantId: row.tenant.id, tenantSlug: row.tenant.slug, tenantName: row.tenant.name, role: row.role }));
}
