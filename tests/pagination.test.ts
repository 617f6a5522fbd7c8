import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { singleServerAccess, type DbAccess } from "@/lib/db/access";
import { listWorkflowExecutions } from "@/lib/workflows/service";
import { listTemplates } from "@/lib/templates/service";
import { createMigratedDatabase, createTenant, testServers, type ScratchDatabase } from "./support/databases";

/** Reads on the primary: these tests are about ordering, not routing. */
const primaryAccess = (prisma: PrismaClient): DbAccess => singleServerAccess(prisma);

async function collectAll<T extends { id: string }>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const seen: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await fetchPage(cursor);
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

describe.each(testServers())("keyset pagination on $name", ({ url }) => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    // The template listing reads through the process cache (L1 only here: no REDIS_URL).
    Object.assign(process.env, { DATABASE_URL: url, BETTER_AUTH_SECRET: "integration-test-secret-0123456789abcdef", LOG_LEVEL: "silent" });
    delete process.env.REDIS_URL;
    database = await createMigratedDatabase(url, "page");
  });
  afterAll(async () => database?.drop());

  test("executions sharing one timestamp are each listed exactly once, newest first", async () => {
    const { prisma } = database;
    const tenantId = await createTenant(prisma, "exec");
    const otherTenantId = await createTenant(prisma, "other");
    const workflow = await prisma.workflow.create({ data: { tenantId, name: "Nightly sync" } });
    const otherWorkflow = await prisma.workflow.create({ data: { tenantId: otherTenantId, name: "Not mine" } });
    const sameInstant = new Date("2026-11-27T10:00:00.000Z");
    await prisma.workflowExecution.createMany({ data: Array.from({ length: 23 }, () => ({ tenantId, workflowId: workflow.id, createdAt: sameInstant })) });
    await prisma.workflowExecution.createMany({
      data: [
        { tenantId, workflowId: workflow.id, createdAt: new Date("2026-11-27T11:00:00.000Z") },
        { tenantId, workflowId: workflow.id, createdAt: new Date("2026-11-27T09:00:00.000Z") },
        { tenantId: otherTenantId, workflowId: otherWorkflow.id, createdAt: sameInstant },
      ],
    });

    const listed = await collectAll((cursor) => listWorkflowExecutions({ tenantId, db: primaryAccess(prisma) }, { cursor, limit: 4 }));

    expect(listed).toHaveLength(25);
    expect(new Set(listed.map((execution) => execution.id)).size).toBe(25);
    expect(listed.every((execution) => execution.workflowName === "Nightly sync")).toBe(true);
    const order = listed.map((execution) => `${execution.createdAt}|${execution.id}`);
    expect(order).toEqual([...order].sort().reverse());
  });

  test("templates with equal popularity and creation time are each listed exactly once", async () => {
    const { prisma } = database;
    const tenantId = await createTenant(prisma, "tpl");
    const category = await prisma.templateCategory.create({ data: { tenantId, slug: "email", name: "Email" } });
    const createdAt = new Date("2026-11-01T00:00:00.000Z");
    await prisma.template.createMany({
      data: Array.from({ length: 17 }, (_, index) => ({ tenantId, categoryId: category.id, name: `T${index}`, popularityScore: index < 12 ? 8.5 : 9.25, createdAt })),
    });

    const listed = await collectAll((cursor) => listTemplates({ tenantId, db: primaryAccess(prisma) }, { category: "email", cursor, limit: 5 }));

    expect(listed).toHaveLength(17);
    expect(new Set(listed.map((template) => template.id)).size).toBe(17);
    expect(listed.slice(0, 5).every((template) => template.popularityScore === 9.25)).toBe(true);
    const ids = listed.filter((template) => template.popularityScore === 8.5).map((template) => template.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});
