import type { PrismaClient } from "@/generated/prisma/client";

/**
 * Empties the audit log between tests. The database refuses TRUNCATE on it (append-only), so this
 * runs as the superuser with triggers off for the one statement, exactly what the log guards
 * against outside tests.
 */
export async function resetAuditLog(prisma: PrismaClient, ...alsoTruncate: string[]): Promise<void> {
  const tables = ["audit_entry", ...alsoTruncate].map((table) => `"${table}"`).join(", ");
  await prisma.$transaction([prisma.$executeRawUnsafe("set local session_replication_role = replica"), prisma.$executeRawUnsafe(`truncate ${tables}`)]);
}
