import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, type Database } from "@/lib/db/client";
import { defaultDbSettings } from "@/lib/db/config";
import { dbMetrics } from "@/lib/db/metrics";
import { ValidationError } from "@/lib/http/errors";
import { activateModules } from "@/lib/modules/service";
import { createMigratedDatabase, createTenant, testServers, type ScratchDatabase } from "./support/databases";

async function writeQueriesSoFar(): Promise<number> {
  const counter = await dbMetrics.queries.get();
  return counter.values.filter((value) => value.labels.pool === "write").reduce((sum, value) => sum + value.value, 0);
}

describe.each(testServers())("batch module activation on $name", ({ url }) => {
  let scratch: ScratchDatabase;
  let database: Database;
  let moduleIds: string[];

  beforeAll(async () => {
    scratch = await createMigratedDatabase(url, "modules");
    await scratch.prisma.module.createMany({ data: Array.from({ length: 60 }, (_, index) => ({ key: `module-${index}`, name: `Module ${index}` })) });
    moduleIds = (await scratch.prisma.module.findMany({ select: { id: true }, orderBy: { key: "asc" } })).map((module) => module.id);
    // No replicas: nothing samples in the background, so every counted query is ours.
    database = createDatabase({ ...defaultDbSettings(), DATABASE_URL: scratch.url, DATABASE_REPLICA_URLS: [] });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const ctxFor = (tenantId: string) => ({ tenantId, db: { primary: database.primary, read: database.read } });

  test("activates fifty modules in one query and returns every row", async () => {
    const tenantId = await createTenant(scratch.prisma, "batch");
    await database.primary.$queryRaw`select 1`; // the connection is open before counting
    const before = await writeQueriesSoFar();

    const result = await activateModules(ctxFor(tenantId), { moduleIds: moduleIds.slice(0, 50) });

    expect((await writeQueriesSoFar()) - before).toBe(1);
    expect(result.activations).toHaveLength(50);
    expect(new Set(result.activations.map((activation) => activation.moduleId))).toEqual(new Set(moduleIds.slice(0, 50)));
    expect(result.activations.every((activation) => activation.status === "active")).toBe(true);
  });

  test("is idempotent: activating again keeps one row per module and its activation time", async () => {
    const tenantId = await createTenant(scratch.prisma, "again");
    const first = await activateModules(ctxFor(tenantId), { moduleIds: moduleIds.slice(0, 10) });
    const second = await activateModules(ctxFor(tenantId), { moduleIds: [...moduleIds.slice(0, 10), moduleIds[0]!] });

    expect(await scratch.prisma.tenantModule.count({ where: { tenantId } })).toBe(10);
    const activatedAt = (rows: typeof first.activations) => Object.fromEntries(rows.map((row) => [row.moduleId, [row.id, row.activatedAt]]));
    expect(activatedAt(second.activations)).toEqual(activatedAt(first.activations));
  });

  test("writes nothing when one module id is unknown, and names it", async () => {
    const tenantId = await createTenant(scratch.prisma, "unknown");
    const missing = "00000000-0000-4000-8000-000000000000";

    const attempt = activateModules(ctxFor(tenantId), { moduleIds: [moduleIds[0]!, missing] });

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toThrow(missing);
    expect(await scratch.prisma.tenantModule.count({ where: { tenantId } })).toBe(0);
  });
});
