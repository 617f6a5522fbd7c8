import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { dbMetrics } from "@/lib/db/metrics";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { activateModules, deactivateModule, listTenantModules, previewResolution } from "@/lib/modules/service";
import { createMigratedDatabase, createTenant, type ScratchDatabase } from "./support/databases";
import { adminCtx, publishModules, startModuleRuntime, type TestModuleRuntime } from "./support/module-registry";

/** The lifecycle of module activations on a real database: resolution, runner, deactivation. */
describe("module activation lifecycle", () => {
  let scratch: ScratchDatabase;
  let modules: TestModuleRuntime;

  beforeAll(async () => {
    scratch = await createMigratedDatabase(inject("databaseUrl"), "modules");
    await publishModules(scratch.prisma, {
      "crm-core": { "1.0.0": [], "2.0.0": [], "2.3.0": [] },
      "crm-pipeline": { "1.0.0": ["crm-core@^1"], "2.0.0": ["crm-core@^2"] },
      "crm-forecast": { "1.0.0": ["crm-pipeline@^2"] },
      "crm-reports": { "1.0.0": ["crm-core@^2"] },
      "loop-a": { "1.0.0": ["loop-b@^1"] },
      "loop-b": { "1.0.0": ["loop-c@^1"] },
      "loop-c": { "1.0.0": ["loop-a@^1"] },
      "old-platform": { "1.0.0": [] },
      "old-addon": { "1.0.0": ["old-platform@^1"] },
    });
    modules = startModuleRuntime(scratch.url);
  });
  afterAll(async () => {
    await modules?.close();
    await scratch?.drop();
  });

  const ctx = (tenantId: string) => adminCtx(modules.database, tenantId);
  const rowsOf = async (tenantId: string) => Object.fromEntries((await listTenantModules(ctx(tenantId), { limit: 200 })).items.map((row) => [row.key, row]));

  test("writes the whole plan as pending in one transaction, then starts dependencies first", async () => {
    const tenantId = await createTenant(scratch.prisma, "chain");

    const result = await activateModules(ctx(tenantId), { modules: ["crm-forecast"] }, modules.runtime);

    expect(result.order.map((module) => `${module.key}@${module.version}`)).toEqual(["crm-core@2.3.0", "crm-pipeline@2.0.0", "crm-forecast@1.0.0"]);
    expect(result.activations.map((row) => row.status)).toEqual(["pending", "pending", "pending"]);
    await modules.runtime.runner.whenIdle();
    const rows = await rowsOf(tenantId);
    expect(Object.values(rows).map((row) => row.status)).toEqual(["active", "active", "active"]);
    expect(rows["crm-forecast"]!.dependsOn).toEqual(["crm-pipeline"]);
    expect(Date.parse(rows["crm-pipeline"]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(rows["crm-core"]!.finishedAt!));
    expect(Date.parse(rows["crm-forecast"]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(rows["crm-pipeline"]!.finishedAt!));
    const audit = await scratch.prisma.auditEntry.findMany({ where: { tenantId, action: "module.activate" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ requested: ["crm-forecast"], order: ["crm-core@2.3.0", "crm-pipeline@2.0.0", "crm-forecast@1.0.0"] });
  });

  test("a batch costs the same queries for 5 modules as for 50 (one upsert statement, no query per module)", async () => {
    await publishModules(scratch.prisma, Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`batch-${index}`, { "1.0.0": [] }])));
    modules.runtime.registry.invalidate();
    const writeQueries = async () => (await dbMetrics.queries.get()).values.filter((value) => value.labels.pool === "write").reduce((sum, value) => sum + value.value, 0);
    const queriesFor = async (count: number) => {
      const tenantId = await createTenant(scratch.prisma, `batch${count}`);
      const wanted = Array.from({ length: count }, (_, index) => `batch-${index}`);
      await activateModules(ctx(tenantId), { modules: wanted }, modules.runtime); // registry and resolution now cached
      await modules.runtime.runner.whenIdle();
      const other = await createTenant(scratch.prisma, `batch${count}b`);
      // The runner starts the batch only after the count, so its queries are not in it.
      const quietRunner = Object.create(modules.runtime.runner, { schedule: { value: () => {} } }) as typeof modules.runtime.runner;
      const before = await writeQueries();
      const result = await activateModules(ctx(other), { modules: wanted }, { ...modules.runtime, runner: quietRunner });
      const used = (await writeQueries()) - before;
      expect(result.activations).toHaveLength(count);
      modules.runtime.runner.schedule(other);
      await modules.runtime.runner.whenIdle();
      expect(await scratch.prisma.tenantModule.count({ where: { tenantId: other, status: "active" } })).toBe(count);
      return used;
    };

    expect(await queriesFor(50)).toBe(await queriesFor(5));
  });

  test("the preview shows what already runs and what would start", async () => {
    const tenantId = await createTenant(scratch.prisma, "preview");
    await activateModules(ctx(tenantId), { modules: ["crm-core@^2"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();

    const preview = await previewResolution(ctx(tenantId), "crm-forecast", {}, modules.runtime);

    expect(preview.order.map((module) => [module.key, module.status, module.willActivate])).toEqual([
      ["crm-core", "active", false],
      ["crm-pipeline", null, true],
      ["crm-forecast", null, true],
    ]);
  });

  test("resolutions are cached per registry revision: a published version shows after the refresh", async () => {
    const tenantId = await createTenant(scratch.prisma, "revision");
    await publishModules(scratch.prisma, { "rev-module": { "1.0.0": [] } });
    await modules.runtime.registry.refresh();

    const first = await previewResolution(ctx(tenantId), "rev-module", {}, modules.runtime);
    const again = await previewResolution(ctx(tenantId), "rev-module", {}, modules.runtime);
    expect([first.isCached, again.isCached]).toEqual([false, true]);

    await publishModules(scratch.prisma, { "rev-module": { "1.1.0": [] } });
    expect((await previewResolution(ctx(tenantId), "rev-module", {}, modules.runtime)).order[0]!.version).toBe("1.0.0");
    expect(await modules.runtime.registry.refresh()).toBe(true);
    const refreshed = await previewResolution(ctx(tenantId), "rev-module", {}, modules.runtime);
    expect([refreshed.isCached, refreshed.order[0]!.version]).toEqual([false, "1.1.0"]);
  });

  test("refuses a cycle with its path, and writes nothing", async () => {
    const tenantId = await createTenant(scratch.prisma, "cycle");
    const attempt = activateModules(ctx(tenantId), { modules: ["loop-a"] }, modules.runtime);
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toThrow("dependency cycle: loop-a → loop-b → loop-c → loop-a");
    expect(await scratch.prisma.tenantModule.count({ where: { tenantId } })).toBe(0);
  });

  test("keeps the version a tenant runs and refuses a dependent that needs another", async () => {
    const tenantId = await createTenant(scratch.prisma, "pinned");
    await activateModules(ctx(tenantId), { modules: ["crm-core@^1"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();

    await expect(activateModules(ctx(tenantId), { modules: ["crm-reports"] }, modules.runtime)).rejects.toThrow(
      "crm-core 1.0.0 is active, but crm-reports@1.0.0 requires crm-core@^2",
    );
    const pipeline = await activateModules(ctx(tenantId), { modules: ["crm-pipeline"] }, modules.runtime);
    expect(pipeline.order.map((module) => `${module.key}@${module.version}`)).toEqual(["crm-core@1.0.0", "crm-pipeline@1.0.0"]);
  });

  test("refuses to deactivate a module others need, naming them; cascade stops dependents first", async () => {
    const tenantId = await createTenant(scratch.prisma, "deactivate");
    await activateModules(ctx(tenantId), { modules: ["crm-forecast", "crm-reports"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();

    const refused = deactivateModule(ctx(tenantId), "crm-core", { cascade: false }, modules.runtime);
    await expect(refused).rejects.toThrow(ConflictError);
    await expect(refused).rejects.toThrow("crm-core is required by crm-forecast, crm-pipeline, crm-reports; deactivate them first or pass cascade=true");
    expect(Object.values(await rowsOf(tenantId)).every((row) => row.status === "active")).toBe(true);

    const leaf = await deactivateModule(ctx(tenantId), "crm-forecast", { cascade: false }, modules.runtime);
    expect(leaf.deactivated).toEqual(["crm-forecast"]);

    const cascade = await deactivateModule(ctx(tenantId), "crm-core", { cascade: true }, modules.runtime);
    expect(cascade.deactivated).toEqual(["crm-pipeline", "crm-reports", "crm-core"]);
    const rows = await rowsOf(tenantId);
    expect(Object.values(rows).map((row) => row.status)).toEqual(["inactive", "inactive", "inactive", "inactive"]);
    expect(await scratch.prisma.auditEntry.count({ where: { tenantId, action: "module.deactivate" } })).toBe(2);
  });

  test("activating again after deactivation starts the module once more", async () => {
    const tenantId = await createTenant(scratch.prisma, "again");
    await activateModules(ctx(tenantId), { modules: ["crm-core"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();
    await deactivateModule(ctx(tenantId), "crm-core", { cascade: false }, modules.runtime);

    await activateModules(ctx(tenantId), { modules: ["crm-core"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();

    const row = await scratch.prisma.tenantModule.findFirstOrThrow({ where: { tenantId } });
    expect([row.status, row.activations, row.deactivatedAt]).toEqual(["active", 2, null]);
  });

  test("a withdrawn version fails without retries, and its dependents fail naming it", async () => {
    const tenantId = await createTenant(scratch.prisma, "withdrawn");
    await publishModules(scratch.prisma, { "flaky-base": { "1.0.0": [] }, "flaky-top": { "1.0.0": ["flaky-base@^1"] } });
    modules.runtime.registry.invalidate();
    await previewResolution(ctx(tenantId), "flaky-top", {}, modules.runtime);
    // Withdrawn after the registry was read, so the plan still names it; the runner's own check of
    // the database finds it withdrawn (deterministic: no race with the runner).
    await scratch.prisma.moduleVersion.updateMany({ where: { module: { key: "flaky-base" } }, data: { withdrawn: true } });
    await activateModules(ctx(tenantId), { modules: ["flaky-top"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();

    const rows = await rowsOf(tenantId);
    expect(rows["flaky-base"]).toMatchObject({ status: "failed", attempts: 1, error: "this version was withdrawn from the registry" });
    expect(rows["flaky-top"]).toMatchObject({ status: "failed", error: "dependency not available: flaky-base is failed" });
  });

  test("the health check fails an active module whose dependency went away, after the retries", async () => {
    const tenantId = await createTenant(scratch.prisma, "health");
    await activateModules(ctx(tenantId), { modules: ["old-addon"] }, modules.runtime);
    await modules.runtime.runner.whenIdle();
    await scratch.prisma.tenantModule.updateMany({ where: { tenantId, module: { key: "old-platform" } }, data: { status: "inactive" } });

    const maxRetries = modules.runtime.settings.maxRetries;
    for (let check = 0; check <= maxRetries; check += 1) {
      await scratch.prisma.tenantModule.updateMany({ where: { tenantId }, data: { checkedAt: new Date(0) } });
      expect((await rowsOf(tenantId))["old-addon"]!.status).toBe("active");
      await modules.runtime.runner.sweep();
    }

    expect((await rowsOf(tenantId))["old-addon"]).toMatchObject({ status: "failed", error: "health check: needs old-platform@^1 active (it is inactive)" });
  });
});

describe("activation retries and timeouts", () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createMigratedDatabase(inject("databaseUrl"), "modretry");
    await publishModules(scratch.prisma, { base: { "1.0.0": [] } });
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  test("retries a failing start and succeeds on the third attempt", async () => {
    let calls = 0;
    const modules = startModuleRuntime(scratch.url, { maxRetries: 3 }, async () => {
      calls += 1;
      if (calls < 3) throw new Error("storage not reachable");
    });
    try {
      const tenantId = await createTenant(scratch.prisma, "retry");
      await activateModules(adminCtx(modules.database, tenantId), { modules: ["base"] }, modules.runtime);
      await modules.runtime.runner.whenIdle();
      const row = await scratch.prisma.tenantModule.findFirstOrThrow({ where: { tenantId } });
      expect([row.status, row.attempts, row.error]).toEqual(["active", 3, null]);
    } finally {
      await modules.close();
    }
  });

  test("gives up after the retries when every attempt times out", async () => {
    let calls = 0;
    const modules = startModuleRuntime(scratch.url, { maxRetries: 2, activationTimeoutMs: 50 }, async (_activation, signal) => {
      calls += 1;
      await sleep(10_000, undefined, { signal }).catch(() => {});
    });
    try {
      const tenantId = await createTenant(scratch.prisma, "timeout");
      await activateModules(adminCtx(modules.database, tenantId), { modules: ["base"] }, modules.runtime);
      await modules.runtime.runner.whenIdle();
      const row = await scratch.prisma.tenantModule.findFirstOrThrow({ where: { tenantId } });
      expect([row.status, row.attempts, row.error]).toEqual(["failed", 3, "activation of base did not finish within 50 ms (after 3 attempts)"]);
      expect(calls).toBe(3);
    } finally {
      await modules.close();
    }
  });

  test("the real start-up check passes once dependencies are active", async () => {
    const modules = startModuleRuntime(scratch.url);
    try {
      const tenantId = await createTenant(scratch.prisma, "real");
      await activateModules(adminCtx(modules.database, tenantId), { modules: ["base"] }, modules.runtime);
      await modules.runtime.runner.whenIdle();
      const row = await scratch.prisma.tenantModule.findFirstOrThrow({ where: { tenantId } });
      expect(row.status).toBe("active");
    } finally {
      await modules.close();
    }
  });
});
