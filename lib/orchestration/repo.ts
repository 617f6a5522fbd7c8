import { Prisma, type PrismaClient } from "@/generated/prisma/client";

export type ExecutionRow = {
  id: string;
  workflowId: string;
  workflowName: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

/**
 * A tenant's executions, newest first, keyed on (createdAt, id): rows sharing a timestamp are
 * neither skipped nor repeated across pages, and any page is a range scan of
 * workflow_execution_listing_idx.
 */
export async function listExecutions(client: PrismaClient, tenantId: string, after: { createdAt: Date; id: string } | null, limit: number): Promise<ExecutionRow[]> {
  const afterKey = after ? Prisma.sql`and (e."createdAt", e.id) < (${after.createdAt}::timestamp(3), ${after.id}::uuid)` : Prisma.empty;
  return client.$queryRaw<ExecutionRow[]>`
    select e.id, e."workflowId", w.name as "workflowName", e.status, e."createdAt", e."startedAt", e."finishedAt"
    from (
      select * from workflow_execution e
      where e."tenantId" = ${tenantId}::uuid ${afterKey}
      order by e."createdAt" desc, e.id desc
      limit ${limit}
    ) e
    join workflow w on w.id = e."workflowId" and w."tenantId" = e."tenantId"
    order by e."createdAt" desc, e.id desc`;
}
