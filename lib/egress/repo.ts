import type { Prisma, PrismaClient } from "@/generated/prisma/client";

/* Every statement of the egress policy: a tenant's allow-list, the platform's deny-list. */

type Db = PrismaClient | Prisma.TransactionClient;

export async function listAllowedHosts(client: Db, tenantId: string): Promise<string[]> {
  const rows = await client.workflowEgressAllowedHost.findMany({ where: { tenantId }, orderBy: { pattern: "asc" }, select: { pattern: true } });
  return rows.map((row) => row.pattern);
}

export async function replaceAllowedHosts(tx: Prisma.TransactionClient, tenantId: string, hosts: string[]): Promise<void> {
  await tx.workflowEgressAllowedHost.deleteMany({ where: { tenantId } });
  if (hosts.length > 0) await tx.workflowEgressAllowedHost.createMany({ data: hosts.map((pattern) => ({ tenantId, pattern })) });
}

/** Serialises edits of one list, so two concurrent replacements cannot interleave. */
export async function lockList(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`egress.${name}`}))`;
}

export type DeniedHostRow = { pattern: string; reason: string };

export async function listDeniedHosts(client: Db): Promise<DeniedHostRow[]> {
  return client.egressDeniedHost.findMany({ orderBy: { pattern: "asc" }, select: { pattern: true, reason: true } });
}

export async function replaceDeniedHosts(tx: Prisma.TransactionClient, hosts: DeniedHostRow[]): Promise<void> {
  await tx.egressDeniedHost.deleteMany({});
  if (hosts.length > 0) await tx.egressDeniedHost.createMany({ data: hosts });
}

/** What one request's policy needs: the tenant's list and the platform's, in one round trip. */
export async function readPolicyLists(client: Db, tenantId: string): Promise<{ allowHosts: string[]; denyHosts: string[] }> {
  const rows = await client.$queryRaw<{ list: "allow" | "deny"; pattern: string }[]>`
    select 'allow' as list, pattern from workflow_egress_allowed_host where "tenantId" = ${tenantId}::uuid
    union all
    select 'deny' as list, pattern from egress_denied_host`;
  return { allowHosts: rows.filter((row) => row.list === "allow").map((row) => row.pattern), denyHosts: rows.filter((row) => row.list === "deny").map((row) => row.pattern) };
}
