import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { WORKFLOW_STEPS, WORKFLOWS, seededRandom } from "./catalog-data";

const DAY_MS = 86_400_000;
// History only: a seeded "queued" or "running" row would have no queue job or run slot behind it.
const EXECUTION_STATUSES = ["succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "failed", "cancelled"] as const;

/**
 * A tenant's workflows and a few weeks of executions (templates: seedTemplateLibrary). Runs only
 * for a tenant that has no workflows yet, so a second seed changes nothing.
 */
export async function seedTenantCatalog(prisma: PrismaClient, tenantId: string, seed: number): Promise<void> {
  if ((await prisma.workflow.count({ where: { tenantId } })) > 0) return;
  const random = seededRandom(seed);
  const now = Date.now();

  for (const name of WORKFLOWS) {
    const definition = { steps: WORKFLOW_STEPS[name] ?? [] } as Prisma.InputJsonObject;
    const workflow = await prisma.workflow.create({ data: { tenantId, name, definition }, select: { id: true } });
    await prisma.workflowExecution.createMany({
      data: Array.from({ length: 40 }, () => {
        const createdAt = new Date(now - Math.floor(random() * 21 * DAY_MS));
        const status = EXECUTION_STATUSES[Math.floor(random() * EXECUTION_STATUSES.length)]!;
        return {
          tenantId,
          workflowId: workflow.id,
          definition,
          status,
          createdAt,
          startedAt: new Date(createdAt.getTime() + 1_000),
          attempts: 1,
          error: status === "failed" ? "a step failed after 4 attempts" : null,
          finishedAt: new Date(createdAt.getTime() + 1_000 + Math.floor(random() * 120_000)),
        };
      }),
    });
  }
}
