import type { Prisma, PrismaClient } from "@/generated/prisma/client";

// Every Prisma call for the autoscaling policy: one global row, not tenant data, so these
// functions take no tenantId; only ops roles reach them.

type Db = PrismaClient | Prisma.TransactionClient;

const POLICY_ID = "default";

const policySelect = { policy: true, updatedAt: true, updatedBy: true } satisfies Prisma.AutoscalingPolicySelect;
export type PolicyRow = Prisma.AutoscalingPolicyGetPayload<{ select: typeof policySelect }>;

export async function findPolicy(client: Db): Promise<PolicyRow | null> {
  return client.autoscalingPolicy.findUnique({ where: { id: POLICY_ID }, select: policySelect });
}

/**
 * The row, with saves serialized until the transaction ends. An advisory lock rather than a row
 * lock, because before the first save there is no row to lock.
 */
export async function findPolicyForUpdate(tx: Prisma.TransactionClient): Promise<PolicyRow | null> {
  await tx.$queryRaw`select pg_advisory_xact_lock(hashtext('autoscaling_policy'))::text`;
  return findPolicy(tx);
}

export async function savePolicy(tx: Prisma.TransactionClient, policy: Prisma.InputJsonValue, updatedBy: string): Promise<PolicyRow> {
  return tx.autoscalingPolicy.upsert({
    where: { id: POLICY_ID },
    create: { id: POLICY_ID, policy, updatedBy },
    update: { policy, updatedBy },
    select: policySelect,
  });
}
