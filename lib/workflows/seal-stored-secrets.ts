import { z } from "zod";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { stepDefinitionSchema, type StepDefinition } from "./schemas";
import { redactSecretHeaders, sealSecretHeaders } from "./secret-headers";

/*
 * Workflows saved before secret headers were encrypted hold them in plaintext. They keep working
 * (a plaintext value is sent as it is) and are sealed at their next save; this seals them all at
 * once, for an operator who does not want to wait (`npx tsx scripts/seal-workflow-secrets.ts`).
 */

const PAGE_SIZE = 200;
const storedSchema = z.object({ steps: z.array(stepDefinitionSchema) }).passthrough();

export type SealActor = { email: string; requestId: string };

/** Seals every plaintext secret header of every tenant's workflows; one audit entry per workflow changed. */
export async function sealStoredWorkflowSecrets(client: PrismaClient, key: Buffer, actor: SealActor): Promise<number> {
  let sealed = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await client.workflow.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: "asc" },
      take: PAGE_SIZE,
      select: { id: true, tenantId: true, definition: true },
    });
    if (rows.length === 0) return sealed;
    for (const row of rows) if (await sealOne(client, row, key, actor)) sealed++;
    after = rows.at(-1)!.id;
  }
}

async function sealOne(client: PrismaClient, row: { id: string; tenantId: string; definition: unknown }, key: Buffer, actor: SealActor): Promise<boolean> {
  const parsed = storedSchema.safeParse(row.definition);
  if (!parsed.success) return false;
  const steps: StepDefinition[] = parsed.data.steps;
  const next = sealSecretHeaders(steps, key);
  if (JSON.stringify(next) === JSON.stringify(steps)) return false;
  // Locked and compared again: a save in between has sealed it already (or changed the steps).
  return client.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ definition: unknown }[]>`select definition from workflow where id = ${row.id}::uuid for update`;
    if (!current || JSON.stringify(current.definition) !== JSON.stringify(row.definition)) return false;
    await tx.workflow.update({ where: { id: row.id }, data: { definition: { ...parsed.data, steps: next } as unknown as Prisma.InputJsonObject } });
    await recordAudit(tx, {
      actorUserId: "cli",
      actorEmail: actor.email,
      tenantId: row.tenantId,
      action: "workflow.secrets.seal",
      target: `workflow:${row.id}`,
      before: null,
      after: { steps: redactSecretHeaders(next) } as unknown as Prisma.InputJsonValue,
      requestId: actor.requestId,
    });
    return true;
  });
}
