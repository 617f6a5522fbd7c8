import type { PrismaClient } from "@/generated/prisma/client";
import { MODULES, TEMPLATE_CATEGORIES, WORKFLOWS, seededRandom } from "./catalog-data";

const DAY_MS = 86_400_000;
const EXECUTION_STATUSES = ["succeeded", "succeeded", "succeeded", "succeeded", "failed", "running", "queued", "cancelled"] as const;

/** The shared module catalog (idempotent). */
export async function seedModules(prisma: PrismaClient): Promise<void> {
  await prisma.module.createMany({ data: MODULES, skipDuplicates: true });
}

/**
 * A tenant's templates, activated modules, workflows and a few weeks of executions. Runs only
 * for a tenant that has no categories yet, so a second seed changes nothing.
 */
export async function seedTenantCatalog(prisma: PrismaClient, tenantId: string, seed: number): Promise<void> {
  if ((await prisma.templateCategory.count({ where: { tenantId } })) > 0) return;
  const random = seededRandom(seed);
  const now = Date.now();
  for (const category of TEMPLATE_CATEGORIES) {
    const row = await prisma.templateCategory.create({ data: { tenantId, slug: category.slug, name: category.name }, select: { id: true } });
    await prisma.template.createMany({
      data: category.templates.map((name) => ({
        tenantId,
        categoryId: row.id,
        name,
        description: `${name} — ready to brand and publish`,
        popularityScore: Math.round(random() * 1000) / 100,
        createdAt: new Date(now - Math.floor(random() * 180) * DAY_MS),
      })),
    });
  }

  const modules = await prisma.module.findMany({ select: { id: true }, orderBy: { key: "asc" } });
  const activeModules = modules.filter(() => random() < 0.5);
  await prisma.tenantModule.createMany({ data: activeModules.map((module) => ({ tenantId, moduleId: module.id, status: "active" as const })), skipDuplicates: true });

  for (const name of WORKFLOWS) {
    const workflow = await prisma.workflow.create({ data: { tenantId, name, definition: { steps: [] } }, select: { id: true } });
    await prisma.workflowExecution.createMany({
      data: Array.from({ length: 40 }, () => {
        const createdAt = new Date(now - Math.floor(random() * 21 * DAY_MS));
        const status = EXECUTION_STATUSES[Math.floor(random() * EXECUTION_STATUSES.length)]!;
        const finished = status === "succeeded" || status === "failed" || status === "cancelled";
        return {
          tenantId,
          workflowId: workflow.id,
          status,
          createdAt,
          startedAt: status === "queued" ? null : new Date(createdAt.getTime() + 1_000),
          finishedAt: finished ? new Date(createdAt.getTime() + 1_000 + Math.floor(random() * 120_000)) : null,
        };
      }),
    });
  }
}
