import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { seededRandom } from "@/prisma/seed/catalog-data";
import { checkModuleActivation, type ActivationHook } from "@/lib/modules/runner";
import { activateModules } from "@/lib/modules/service";
import { createMigratedDatabase, createTenant, type ScratchDatabase } from "./support/databases";
import { adminCtx, publishModules, startModuleRuntime, type RegistrySpec, type TestModuleRuntime } from "./support/module-registry";

const REQUESTS = 200;
const MAX_CONCURRENT = 50;
/** Long enough that the runner has many starts in flight at once, so the bound is exercised. */
const START_UP_MS = 150;

/** 60 leaves, 40 mid modules on two leaves each, 20 top modules on two mids and a leaf. */
function layeredRegistry(): RegistrySpec {
  const spec: RegistrySpec = {};
  for (let index = 0; index < 60; index += 1) spec[`leaf-${index}`] = { "1.0.0": [], "1.1.0": [] };
  for (let index = 0; index < 40; index += 1) spec[`mid-${index}`] = { "1.0.0": [`leaf-${index}@^1`, `leaf-${(index * 7 + 3) % 60}@^1`] };
  for (let index = 0; index < 20; index += 1) spec[`top-${index}`] = { "2.0.0": [`mid-${index}@^1`, `mid-${(index * 3 + 11) % 40}@^1`, `leaf-${(index * 13 + 5) % 60}@^1.1`] };
  return spec;
}

let scratch: ScratchDatabase;
let modules: TestModuleRuntime;
/** Activations whose start-up is running right now, and the most there ever were. */
let running = 0;
let maxRunning = 0;

beforeAll(async () => {
  scratch = await createMigratedDatabase(inject("databaseUrl"), "modconc");
  await publishModules(scratch.prisma, layeredRegistry());
  let realCheck: ActivationHook | undefined;
  // The resolution deadline is the production one's job (tested in module-activation); here the
  // 200 requests must all resolve even on a busy 2-core machine running other test files.
  modules = startModuleRuntime(scratch.url, { maxConcurrentActivations: MAX_CONCURRENT, resolutionTimeoutMs: 120_000 }, async (activation, signal) => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    try {
      await sleep(START_UP_MS, undefined, { signal });
      realCheck ??= checkModuleActivation(modules.database.primary);
      await realCheck(activation, signal);
    } finally {
      running -= 1;
    }
  });
});
afterAll(async () => {
  await modules?.close();
  await scratch?.drop();
});

test("200 parallel activations of overlapping sets start each module once, dependencies first, at most 50 at a time", async () => {
  const tenantId = await createTenant(scratch.prisma, "concurrent");
  const random = seededRandom(42);
  const pick = (prefix: string, count: number) => `${prefix}-${Math.floor(random() * count)}`;
  const requests = Array.from({ length: REQUESTS }, () => [pick("top", 20), pick("mid", 40), pick("top", 20)]);

  const results = await Promise.allSettled(requests.map((wanted) => activateModules(adminCtx(modules.database, tenantId), { modules: wanted }, modules.runtime)));
  await modules.runtime.runner.whenIdle();

  expect(results.filter((result) => result.status === "rejected")).toEqual([]);
  const rows = await scratch.prisma.tenantModule.findMany({
    where: { tenantId },
    select: { status: true, activations: true, startedAt: true, finishedAt: true, dependsOn: true, moduleId: true, module: { select: { key: true } } },
  });
  const expectedKeys = new Set(results.flatMap((result) => (result.status === "fulfilled" ? result.value.order.map((module) => module.key) : [])));
  expect(rows.map((row) => row.module.key).sort()).toEqual([...expectedKeys].sort());
  expect(rows.filter((row) => row.status !== "active" || row.activations !== 1)).toEqual([]);

  const byModule = new Map(rows.map((row) => [row.moduleId, row]));
  for (const row of rows) {
    for (const dependencyId of row.dependsOn) {
      const dependency = byModule.get(dependencyId)!;
      expect(row.startedAt!.getTime(), `${row.module.key} started before ${dependency.module.key} was active`).toBeGreaterThanOrEqual(dependency.finishedAt!.getTime());
    }
  }

  // The bound held, and the load was enough to reach it.
  expect(maxRunning).toBeLessThanOrEqual(MAX_CONCURRENT);
  expect(modules.runtime.runner.slots.maxObservedRunning).toBeLessThanOrEqual(MAX_CONCURRENT);
  expect(maxRunning).toBe(MAX_CONCURRENT);
  console.info(`module activations: ${rows.length} modules from ${REQUESTS} requests; most running at once: ${maxRunning} (limit ${MAX_CONCURRENT})`);
}, 180_000);
